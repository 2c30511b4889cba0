"""Pure regulation logic (PermenPANRB 6/2022, PP 30/2019): tables as data, no app or database."""

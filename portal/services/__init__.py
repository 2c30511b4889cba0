"""Domain operations. Each public function owns its transaction and its audit trail."""

"""Extension singletons, created unbound here and bound to the app in create_app()."""
import sqlalchemy as sa
from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base with a naming convention so Alembic can name and drop constraints."""

    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
htmx = Htmx()
babel = Babel()


def client_address() -> str:
    """The client's address as the configured trusted proxies forward it (TRUSTED_PROXIES;
    ProxyFix sets remote_addr). Rate limits and repeat checks count per this address alone:
    a header such as the User-Agent is the client's to choose, so it cannot tell clients apart."""
    return request.remote_addr or ""


# No default limits: only the public routes (the citizen survey) are limited, by decorator.
limiter = Limiter(key_func=client_address, default_limits=[])

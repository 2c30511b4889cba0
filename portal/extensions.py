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


def _client_key() -> str:
    """Rate limits count per client: the address and browser together, so citizens behind one
    office network on different phones are not limited as one."""
    return f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"


# No default limits: only the public routes (the citizen survey) are limited, by decorator.
limiter = Limiter(key_func=_client_key, default_limits=[])

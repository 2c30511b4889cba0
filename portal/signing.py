"""The session cookie and the CSRF tokens signed with less work: the same bytes as before.

Every signed-in request opens the signed session cookie, and every page signs a fresh CSRF
token (it carries a timestamp). Flask and Flask-WTF build an itsdangerous serializer for each,
itsdangerous builds a signer for each signature and derives its key again (a hash of the secret
and the salt), and Flask's session MAC goes through Python's `hmac.HMAC` object because Flask
hands it a Python function as the digest. About 350 Python calls a request, for the same
HMAC-SHA1 over the same bytes.

Here each serializer is built once per secret keys and salt, its signer once per salt, the
derived key once per secret, and the MAC is `hmac.digest()` (one call into OpenSSL). The tokens
and cookies are byte for byte what Flask and Flask-WTF make (tests/unit/test_signing.py): a
cookie or token signed by one app server is read by any other, old or new, and the checks are
theirs (the signature compared in constant time, the age, the fallback keys). Nothing is kept
per user or per request: what is remembered is derived from the configured secrets only.

Flask-WTF's own `validate_csrf` (on every POST, by CSRFProtect) is left as it is.
"""
from __future__ import annotations

import hashlib
import hmac
import os

from flask import current_app, g, session
from flask.globals import _cv_request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import _FlaskFormCSRF
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.signer import HMACAlgorithm

CSRF_SALT = "wtf-csrf-token"  # flask_wtf.csrf's salt


class _OneCallHMAC(HMACAlgorithm):
    """itsdangerous' HMACAlgorithm computed by hmac.digest (OpenSSL's one-shot HMAC): the same
    MAC; verify_signature is itsdangerous' (hmac.compare_digest)."""

    def __init__(self, digest_method) -> None:
        super().__init__(digest_method)
        self.name = digest_method().name  # "sha1": hashlib's and Flask's _lazy_sha1 alike

    def get_signature(self, key: bytes, value: bytes) -> bytes:
        return hmac.digest(key, value, self.name)


class _Signer(TimestampSigner):
    """itsdangerous' TimestampSigner whose derived keys are remembered (they depend only on the
    secret, the salt, the derivation and the digest)."""

    _derived: dict[tuple, bytes] = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        if secret_key is None:
            secret_key = self.secret_keys[-1]
        key = (secret_key, self.salt, self.key_derivation, self.digest_method)
        found = self._derived.get(key)
        if found is None:
            found = super().derive_key(secret_key)
            if len(self._derived) < 64:  # a few secrets and salts per process; never unbounded
                self._derived[key] = found
        return found


class _Serializer(URLSafeTimedSerializer):
    """URLSafeTimedSerializer through _Signer, its signer made once per salt (signers keep no
    state between signatures)."""

    default_signer = _Signer

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._signers: dict = {}

    def make_signer(self, salt=None):
        signer = self._signers.get(salt)
        if signer is None:
            signer = self._signers[salt] = super().make_signer(salt)
        return signer


_SERIALIZERS: dict[tuple, _Serializer] = {}


def _serializer(keys: tuple, salt: str, digest_method, key_derivation: str,
                serializer=None) -> _Serializer:
    """The serializer for these secret keys (oldest first, the current one last), salt, digest,
    key derivation and payload serializer (None: itsdangerous' JSON)."""
    cache_key = (keys, salt, digest_method, key_derivation, serializer)
    found = _SERIALIZERS.get(cache_key)
    if found is None:
        found = _Serializer(list(keys), salt=salt, serializer=serializer, signer_kwargs={
            "key_derivation": key_derivation, "digest_method": digest_method,
            "algorithm": _OneCallHMAC(digest_method)})
        if len(_SERIALIZERS) < 64:  # a few secrets per process; never unbounded
            _SERIALIZERS[cache_key] = found
    return found


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, its serializer made once per secret keys."""

    def get_signing_serializer(self, app):
        if not app.secret_key:
            return None
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        return _serializer(keys, self.salt, self.digest_method, self.key_derivation,
                           self.serializer)


def csrf_token(secret_key=None, token_key=None) -> str:
    """flask_wtf.csrf.generate_csrf: the request's signed CSRF token, the same token (made once a
    request, kept on g under the field's name; the raw token in the session, made if missing)."""
    config = current_app.config
    if token_key is None:
        token_key = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    store = g._get_current_object().__dict__
    token = store.get(token_key) if token_key else None
    if token is None:
        if secret_key is None:
            secret_key = config.get("WTF_CSRF_SECRET_KEY", current_app.secret_key)
        if secret_key is None:
            raise RuntimeError("A secret key is required to use CSRF.")
        if token_key is None:
            raise RuntimeError("A field name is required to use CSRF.")
        serializer = _serializer((secret_key,), CSRF_SALT, hashlib.sha1, "django-concat")
        if token_key not in session:
            session[token_key] = hashlib.sha1(os.urandom(64)).hexdigest()
        try:
            token = serializer.dumps(session[token_key])
        except TypeError:
            session[token_key] = hashlib.sha1(os.urandom(64)).hexdigest()
            token = serializer.dumps(session[token_key])
        store[token_key] = token
    return token


class FormCSRF(_FlaskFormCSRF):
    """Flask-WTF's form CSRF, its token from csrf_token above (validation is Flask-WTF's)."""

    def generate_csrf_token(self, csrf_token_field):
        return csrf_token(self.meta.csrf_secret, self.meta.csrf_field_name)


def init_app(app) -> None:
    """Sign the session through SessionInterface and give the templates csrf_token above in
    place of Flask-WTF's generate_csrf, which CSRFProtect.init_app (called before) made a
    template global and also returns from a context processor of its own: that processor is
    dropped, the globals (csrf_token, csrf_meta_tag) reach every template without it.

    CSRFProtect's before-request check is called only for the methods it checks
    (WTF_CSRF_METHODS: POST, PUT, PATCH, DELETE): on any other it looks up the view's and the
    blueprint's exemptions first (~35 Python calls on every GET) and then returns without a
    check, which is what it does here at once."""
    app.session_interface = SessionInterface()
    app.jinja_env.globals["csrf_token"] = csrf_token
    processors = app.template_context_processors[None]
    processors[:] = [processor for processor in processors
                     if processor.__module__ != "flask_wtf.csrf"]
    hooks = app.before_request_funcs[None]
    protect = next(hook for hook in hooks if hook.__module__ == "flask_wtf.csrf")

    def csrf_protect():
        context = _cv_request.get()
        if context.request.method in context.app.config["WTF_CSRF_METHODS"]:
            return protect()
        return None

    hooks[hooks.index(protect)] = csrf_protect

"""The environment of a production deployment (TLS, a real secret, one host), for the tests that
start the app under it."""

PRODUCTION_ENV = {
    "DEBUG": "off",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "bearcave.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://bearcave.example.com",
    "HTTPS": "on",
}

"""Flask extensions, created unbound and initialised by the app factory."""
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from authoring.db import db

migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "tenancy.login"
login_manager.login_message_category = "info"

__all__ = ["db", "migrate", "csrf", "login_manager"]

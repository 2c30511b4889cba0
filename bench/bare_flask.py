"""The reference of the HTTP benchmarks: one Flask route, served by the same gunicorn settings
as the portal, so that a page's req/s can be given as a share of what Flask itself reaches."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    """Answer with a short text."""
    return "ok"

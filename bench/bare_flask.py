"""The baseline of bench/list_pages.py's http command: a one-route Flask app."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello"

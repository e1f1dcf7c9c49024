"""A command-line expense tracker that keeps its expenses in a CSV file."""

__version__ = "0.1.0"

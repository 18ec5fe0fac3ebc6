"""ssg: a static blog generator for technical writing."""

__version__ = "0.1.0"

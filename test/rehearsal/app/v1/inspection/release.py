# What changes from one release to the next.
VERSION = "1.0.0"

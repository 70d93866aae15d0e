enable_logging = true

locals {
  prefix = "${var.app}-${var.env}"

  tags = {
    Application = var.app
    Environment = var.env
    ManagedBy   = "terraform"
  }

  # One bucket module per entry; the logs bucket keeps no history.
  buckets = {
    assets = {
      versioned  = true
      kms        = true
      public_cdn = false
    }
    logs = {
      versioned  = false
      kms        = false
      public_cdn = false
    }
    backups = {
      versioned  = true
      kms        = true
      public_cdn = false
    }
  }
}

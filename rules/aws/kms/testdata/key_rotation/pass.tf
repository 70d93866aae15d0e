resource "aws_kms_key" "app" {
  description             = "Application data key"
  enable_key_rotation     = true
  rotation_period_in_days = 180
  deletion_window_in_days = 30
}

# enable_key_rotation defaults to false.
resource "aws_kms_key" "app" {
  description             = "Application data key"
  deletion_window_in_days = 30
}

resource "aws_s3_bucket" "audit" {
  bucket = "example-audit-evidence"
}

resource "aws_s3_bucket_versioning" "audit" {
  bucket = aws_s3_bucket.audit.id
  # MFA Delete can only be changed with the root user's MFA device.
  mfa = "arn:aws:iam::111122223333:mfa/root-account-mfa-device 123456"

  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

# The policy set through a separate aws_kms_key_policy resource.
resource "aws_kms_key" "app" {
  description         = "Application data key"
  enable_key_rotation = true
}

resource "aws_kms_key_policy" "app" {
  key_id = aws_kms_key.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AnyoneEncrypt"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "kms:Encrypt"
      Resource  = "*"
    }]
  })
}

resource "aws_acm_certificate" "legacy" {
  domain_name       = "legacy.example.com"
  validation_method = "DNS"
  key_algorithm     = "RSA_1024"
}

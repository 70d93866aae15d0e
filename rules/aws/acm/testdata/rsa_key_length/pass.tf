# key_algorithm omitted: RSA_2048, the provider's default.
resource "aws_acm_certificate" "www" {
  domain_name       = "www.example.com"
  validation_method = "DNS"
}

resource "aws_acm_certificate" "api" {
  domain_name       = "api.example.com"
  validation_method = "DNS"
  key_algorithm     = "EC_prime256v1"
}

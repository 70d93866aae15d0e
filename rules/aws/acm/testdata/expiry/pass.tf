# A certificate not yet issued has no validity: expiry is judged live.
resource "aws_acm_certificate" "www" {
  domain_name       = "www.example.com"
  validation_method = "DNS"
}

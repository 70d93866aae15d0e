# enforce_https omitted in the block: the provider's default is true.
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  domain_endpoint_options {
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}

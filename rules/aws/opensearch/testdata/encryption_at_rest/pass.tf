resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  encrypt_at_rest {
    enabled    = true
    kms_key_id = aws_kms_key.search.arn
  }
}

resource "aws_kms_key" "search" {
  enable_key_rotation = true
}

resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["es:ESHttpGet", "es:ESHttpPost"]
      Resource  = "arn:aws:es:eu-west-1:111122223333:domain/search/*"
    }]
  })
}

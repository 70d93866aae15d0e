# No domain_endpoint_options block: the API's default accepts plain HTTP.
resource "aws_elasticsearch_domain" "logs" {
  domain_name           = "logs"
  elasticsearch_version = "7.10"
}

# No rule: the default action decides every request.
resource "aws_wafv2_web_acl" "staging" {
  name  = "staging"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "staging"
    sampled_requests_enabled   = true
  }
}

resource "aws_sns_topic" "alerts" {
  name = "security-alerts"
}

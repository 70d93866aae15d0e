# No containerInsights setting: the account's default decides, which
# the configuration does not say. Inconclusive, not a finding.
resource "aws_ecs_cluster" "web" {
  name = "web"
}

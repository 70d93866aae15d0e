# The CloudTrail bucket of the recorded AWS scenario, declared under a
# name known only at apply time: the live bucket's terraform:address tag
# (added to the recording by TestTriageLinksByAddressTag) ties them.
variable "account_id" {
  type = string
}

resource "aws_s3_bucket" "trail_logs" {
  bucket = "cloudtrail-logs-${var.account_id}"
}

resource "aws_vpc" "main" {
  cidr_block = "10.70.0.0/16"
}

resource "aws_vpc" "other" {
  cidr_block = "10.80.0.0/16"
}

# A flow log on another VPC does not cover this one.
resource "aws_flow_log" "other" {
  vpc_id               = aws_vpc.other.id
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::example-flow-logs"
}

resource "aws_vpc" "main" {
  cidr_block = "10.70.0.0/16"
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/main/flow"
  retention_in_days = 90
}

resource "aws_iam_role" "flow" {
  name = "vpc-flow-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}

resource "aws_glacier_vault" "archive" {
  name = "compliance-archive"
  access_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRetrieval"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["glacier:InitiateJob", "glacier:GetJobOutput"]
      Resource  = "arn:aws:glacier:eu-west-1:111122223333:vaults/compliance-archive"
    }]
  })
}

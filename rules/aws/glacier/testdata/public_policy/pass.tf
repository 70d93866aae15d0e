resource "aws_glacier_vault" "archive" {
  name = "compliance-archive"
  access_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyDeleteBeforeRetention"
      Effect    = "Deny"
      Principal = "*"
      Action    = "glacier:DeleteArchive"
      Resource  = "arn:aws:glacier:eu-west-1:111122223333:vaults/compliance-archive"
      Condition = {
        NumericLessThan = { "glacier:ArchiveAgeInDays" = "365" }
      }
    }]
  })
}

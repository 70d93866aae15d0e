# is_multi_region_trail defaults to false: the trail records only the
# region it is created in.
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "example-cloudtrail-logs"
}

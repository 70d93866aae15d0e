# A copy of a snapshot the configuration does not declare, asked to be
# encrypted.
resource "aws_ebs_snapshot_copy" "data" {
  source_snapshot_id = "snap-0a1b2c3d4e5f60718"
  source_region      = "us-east-1"
  encrypted          = true
}

# The volume is not declared here: whether the snapshot is encrypted is
# known only after apply (inconclusive, no finding).
resource "aws_ebs_snapshot" "data" {
  volume_id = "vol-0a1b2c3d4e5f60718"
}

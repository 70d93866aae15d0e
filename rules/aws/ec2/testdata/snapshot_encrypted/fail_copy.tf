resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 20
  encrypted         = false
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}

resource "aws_ebs_snapshot_copy" "data" {
  source_snapshot_id = aws_ebs_snapshot.data.id
  source_region      = "us-east-1"
}

# encrypted defaults to false.
resource "aws_efs_file_system" "shared" {
  creation_token = "shared-home"

  tags = {
    Name = "shared-home"
  }
}

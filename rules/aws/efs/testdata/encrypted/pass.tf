resource "aws_efs_file_system" "shared" {
  creation_token = "shared-home"
  encrypted      = true

  tags = {
    Name = "shared-home"
  }
}

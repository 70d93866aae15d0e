resource "aws_launch_template" "app" {
  name      = "app"
  user_data = base64encode("#!/bin/bash\nexport GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\n")
}

resource "aws_instance" "app" {
  instance_type = "t3.micro"
  launch_template {
    id = aws_launch_template.app.id
  }
}

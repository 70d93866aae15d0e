# The launch template may map the root volume: not judged here
# (inconclusive).
resource "aws_instance" "web" {
  launch_template {
    id = "lt-0a1b2c3d4e5f60718"
  }
}

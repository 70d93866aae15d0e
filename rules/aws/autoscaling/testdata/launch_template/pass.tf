resource "aws_autoscaling_group" "web" {
  name               = "web"
  min_size           = 2
  max_size           = 4
  availability_zones = ["us-east-1a", "us-east-1b"]

  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = "lt-0123456789abcdef0"
      }
      override {
        instance_type = "m6i.large"
      }
    }
  }
}

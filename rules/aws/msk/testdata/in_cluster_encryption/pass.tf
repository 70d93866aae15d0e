resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  enhanced_monitoring    = "PER_BROKER"

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a1b2c3d", "subnet-1a1b2c3d", "subnet-2a1b2c3d"]
    security_groups = ["sg-0a1b2c3d"]
  }

  client_authentication {
    unauthenticated = false
    sasl {
      iam = true
    }
  }
}

resource "aws_msk_serverless_cluster" "analytics" {
  cluster_name = "analytics"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-1a1b2c3d"]
  }

  client_authentication {
    sasl {
      iam {
        enabled = true
      }
    }
  }
}

package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerData generates DynamoDB tables (one in four without
// point-in-time recovery, one in three without deletion protection),
// Kinesis streams (one in five unencrypted, one in three kept only 24
// hours) and SageMaker notebook instances (one in six with the API's
// open defaults), paged as the real APIs page.
func (e Estate) registerData(s *Server, counts map[string]int) {
	tables := counts["dynamodb:ListTables"]
	name := func(i int) string { return fmt.Sprintf("table-%06d", i) }
	s.Handle("dynamodb:ListTables", func(req *Request) *Reply {
		from := 0
		if start := req.Params["ExclusiveStartTableName"]; start != "" {
			n, _ := strconv.Atoi(strings.TrimPrefix(start, "table-"))
			from = n + 1
		}
		to := min(from+100, tables)
		names := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			names = append(names, name(i))
		}
		body := map[string]any{"TableNames": names}
		if to < tables {
			body["LastEvaluatedTableName"] = name(to - 1)
		}
		return &Reply{Body: body}
	})
	index := func(n string) int { i, _ := strconv.Atoi(strings.TrimPrefix(n, "table-")); return i }
	s.Handle("dynamodb:DescribeTable", func(req *Request) *Reply {
		n := req.Params["TableName"]
		return &Reply{Body: map[string]any{"Table": map[string]any{
			"TableName": n, "TableArn": fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", req.Region, req.Account, n),
			"TableStatus": "ACTIVE", "CreationDateTime": 1735689600, "BillingModeSummary": map[string]any{"BillingMode": "PAY_PER_REQUEST"},
			"KeySchema":                 []any{map[string]any{"AttributeName": "pk", "KeyType": "HASH"}},
			"DeletionProtectionEnabled": index(n)%3 != 0,
		}}}
	})
	s.Handle("dynamodb:DescribeContinuousBackups", func(req *Request) *Reply {
		status := "ENABLED"
		if index(req.Params["TableName"])%4 == 0 {
			status = "DISABLED"
		}
		return &Reply{Body: map[string]any{"ContinuousBackupsDescription": map[string]any{"ContinuousBackupsStatus": "ENABLED",
			"PointInTimeRecoveryDescription": map[string]any{"PointInTimeRecoveryStatus": status}}}}
	})
	streams := counts["kinesis:ListStreams"]
	s.Handle("kinesis:ListStreams", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["NextToken"], "t"))
		to := min(from+100, streams)
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			items = append(items, map[string]any{"StreamName": fmt.Sprintf("stream-%d", i), "StreamStatus": "ACTIVE",
				"StreamARN": fmt.Sprintf("arn:aws:kinesis:%s:%s:stream/stream-%d", req.Region, req.Account, i)})
		}
		body := map[string]any{"StreamSummaries": items, "StreamNames": []any{}, "HasMoreStreams": to < streams}
		if to < streams {
			body["NextToken"] = "t" + strconv.Itoa(to)
		}
		return &Reply{Body: body}
	})
	s.Handle("kinesis:DescribeStreamSummary", func(req *Request) *Reply {
		n := req.Params["StreamName"]
		i, _ := strconv.Atoi(strings.TrimPrefix(n, "stream-"))
		retention := 168
		if i%3 == 0 {
			retention = 24
		}
		enc := map[string]any{"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}
		if i%5 == 0 {
			enc = map[string]any{"EncryptionType": "NONE"}
		}
		sum := map[string]any{"StreamName": n, "StreamARN": fmt.Sprintf("arn:aws:kinesis:%s:%s:stream/%s", req.Region, req.Account, n),
			"StreamStatus": "ACTIVE", "RetentionPeriodHours": retention,
			"StreamCreationTimestamp": 1735689600, "EnhancedMonitoring": []any{}, "OpenShardCount": 1}
		for k, v := range enc {
			sum[k] = v
		}
		return &Reply{Body: map[string]any{"StreamDescriptionSummary": sum}}
	})
	notebooks := counts["sagemaker:ListNotebookInstances"]
	s.Handle("sagemaker:ListNotebookInstances", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["NextToken"], "t"))
		to := min(from+100, notebooks)
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			items = append(items, map[string]any{"NotebookInstanceName": fmt.Sprintf("nb-%d", i), "NotebookInstanceStatus": "InService",
				"NotebookInstanceArn": fmt.Sprintf("arn:aws:sagemaker:%s:%s:notebook-instance/nb-%d", req.Region, req.Account, i)})
		}
		body := map[string]any{"NotebookInstances": items}
		if to < notebooks {
			body["NextToken"] = "t" + strconv.Itoa(to)
		}
		return &Reply{Body: body}
	})
	s.Handle("sagemaker:DescribeNotebookInstance", func(req *Request) *Reply {
		n := req.Params["NotebookInstanceName"]
		i, _ := strconv.Atoi(strings.TrimPrefix(n, "nb-"))
		nb := map[string]any{"NotebookInstanceName": n, "NotebookInstanceStatus": "InService", "InstanceType": "ml.t3.medium",
			"NotebookInstanceArn":  fmt.Sprintf("arn:aws:sagemaker:%s:%s:notebook-instance/%s", req.Region, req.Account, n),
			"DirectInternetAccess": "Disabled", "RootAccess": "Disabled", "SubnetId": fmt.Sprintf("subnet-%s-%d", req.Region, i%50)}
		if i%6 == 0 { // one in six keeps the API's defaults
			nb["DirectInternetAccess"], nb["RootAccess"] = "Enabled", "Enabled"
			delete(nb, "SubnetId")
		}
		return &Reply{Body: nb}
	})
}

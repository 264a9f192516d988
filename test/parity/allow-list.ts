import { Allowed } from './walk';

/*
 * What aws-cdk-lib, cdktf and the AWS provider write by themselves, or what is only a name, a
 * description or the fixed vocabulary of an AWS API: leaves the parity walker accepts without a
 * plan field. Each entry names the backend, the resource type (a regular expression when it is a
 * family of types), the property path, and the value when it is fixed, with the reason.
 *
 * What does NOT belong here: a decision (a retention, a count, a percentage, a lifecycle day, an
 * instance setting, a routing policy). That goes into the plan, and both backends render it.
 */

const ANY_POLICY = /(PolicyDocument|KeyPolicy|AssumeRolePolicyDocument|Policy|policy<json>|assume_role_policy<json>|redrive_allow_policy<json>)/;

/** A path regexp of a policy document's statements. */
function policy(rest: string): RegExp {
  return new RegExp(`${ANY_POLICY.source}\\.${rest}$`);
}

function both(type: [string | RegExp, string | RegExp], path: RegExp, reason: string, value?: string | number | RegExp): Allowed[] {
  return [
    { backend: 'cfn', type: type[0], path, value, reason },
    { backend: 'tf', type: type[1], path, value, reason },
  ];
}

const ALL = /.*/;

export const ALLOW_LIST: readonly Allowed[] = [
  // ---- policy documents: the grammar and the actions of a grant the plan names ----
  ...both([ALL, ALL], policy('Version'), 'the only IAM policy language version', '2012-10-17'),
  ...both([ALL, ALL], policy('Statement\\[\\]\\.(Effect|Sid)'), 'statement effect and id: the grammar of a grant'),
  ...both([ALL, ALL], policy('Statement\\[\\]\\.(Action|NotAction)(\\[\\])?'), 'the API actions of a grant or a key/bucket policy the plan names (encryption, TLS only, log delivery)'),
  ...both([ALL, ALL], policy('Statement\\[\\]\\.Principal\\.Service(\\[\\])?'), 'the service principal of the AWS service the plan uses (ECS tasks, flow logs, RDS monitoring, ELB log delivery, CloudFront)'),
  ...both([ALL, ALL], policy('Statement\\[\\]\\.Principal\\..*'), 'the principals of a policy statement (IAM grammar; condition values must trace to the plan)'),
  ...both(['AWS::SQS::Queue', 'aws_sqs_queue_redrive_allow_policy'], /(RedriveAllowPolicy|redrive_allow_policy<json>)\.redrivePermission$/, 'SQS grammar: the dead-letter queue admits the named source queue', 'byQueue'),

  // ---- API Gateway authorization: the route's `authorized` flag of the plan, spelled as API Gateway's word ----
  ...both(['AWS::ApiGatewayV2::Route', 'aws_apigatewayv2_route'], /^(AuthorizationType|authorization_type)$/,
    'the plan\'s route `authorized` flag in API Gateway\'s spelling (JWT with the gateway\'s JWT authorizer, NONE when the service opted out)', /^(JWT|NONE)$/),
  ...both(['AWS::ApiGatewayV2::Authorizer', 'aws_apigatewayv2_authorizer'], /^(AuthorizerType|authorizer_type)$/,
    'the one authorizer kind the plan offers (jwtAuthorizer)', 'JWT'),

  // ---- names and identifiers: which resource, not how it behaves ----
  ...both([ALL, ALL], /^(Tags\[\]\.(Key|Value)|tags\..*|tags_all\..*)$/, 'tags: aws-cdk-lib names resources by construct path (Name, aws-cdk:subnet-*)'),
  ...both([ALL, ALL], /^(PolicyName|Family|Name|QueueName|DBInstanceIdentifier|DBClusterIdentifier|LogGroupName|name|name_prefix|bucket_prefix|identifier|family|alarm_name|ClusterName)$/, 'a physical or logical name (built from the construct path or the plan\'s name)'),
  ...both([/^AWS::CloudFront::/, /^aws_cloudfront_/], /(Config\.Name(<join>)?|^name)$/, 'a CloudFront policy name'),
  { backend: 'cfn', type: 'AWS::SQS::Queue', path: /^RedriveAllowPolicy\.sourceQueueArns\[\]<join>$/, reason: 'aws-cdk-lib builds the source queue\'s ARN from its generated name' },
  { backend: 'tf', type: 'aws_cloudwatch_log_group', path: /^name$/, reason: 'RDS log group names are fixed by RDS: /aws/rds/<instance|cluster>/<identifier>/<log>' },

  // ---- free text ----
  ...both([ALL, ALL], /(^|\.|\[\]\.)(Description|GroupDescription|DBSubnetGroupDescription|AlarmDescription|Comment|description|comment|alarm_description)(<join>)?$/,
    'free text that explains a resource to a reader; no behaviour depends on it'),

  // ---- the fixed vocabulary of an AWS API for the choice the plan made ----
  ...both([/^AWS::ECS::TaskDefinition$/, /^aws_ecs_task_definition$/], /^(NetworkMode|network_mode)$/, 'Fargate and awsvpc EC2 tasks: the only network mode with a task ENI', 'awsvpc'),
  ...both([/^AWS::ECS::TaskDefinition$/, /^aws_ecs_task_definition$/], /^(RuntimePlatform\.OperatingSystemFamily|runtime_platform\.operating_system_family)$/, 'Linux containers (the plan\'s images)', 'LINUX'),
  ...both([/^AWS::ECS::TaskDefinition$/, /^aws_ecs_task_definition$/], /[Ll]og(Configuration|Driver).*[Ll]og[Dd]river$|logDriver$/, 'the CloudWatch Logs log driver', 'awslogs'),
  ...both([/^AWS::ECS::Service$/, /^aws_ecs_service$/], /LogConfiguration\.LogDriver$|log_configuration\.log_driver$/, 'the CloudWatch Logs log driver', 'awslogs'),
  ...both([/^AWS::ECS::TaskDefinition$/, /^aws_ecs_task_definition$/], /[Pp]ortMappings\[\]\.[Pp]rotocol$/, 'HTTP services listen on TCP', 'tcp'),
  ...both([/^AWS::ECS::TaskDefinition$/, /^aws_ecs_task_definition$/], /[Ee]nvironment\[\]\.[Nn]ame$/, 'environment variable names: the contract of the block\'s container (their values come from the plan)'),
  ...both([/^AWS::ECS::Service$/, /^aws_ecs_service$/], /^(DeploymentController\.Type|deployment_controller\.type)$/, 'the ECS deployment controller (rolling/circuit breaker live in the plan\'s deployment)', 'ECS'),
  ...both([/^AWS::ECS::Service$/, /^aws_ecs_service$/], /^(PropagateTags|propagate_tags)$/, 'tags flow from the service to its tasks (no setting of the workload)', 'SERVICE'),
  { backend: 'tf', type: 'aws_ecs_service', path: /^lifecycle\.ignore_changes\[\]$/, value: 'desired_count', reason: 'Terraform spelling of "auto scaling owns the task count"' },
  ...both([/^AWS::ECS::Cluster$/, /^aws_ecs_cluster$/], /^(ClusterSettings\[\]\.Name|setting\[\]\.name)$/, 'the name of the Container Insights setting (its value is the plan\'s)', 'containerInsights'),
  ...both([/^AWS::ApplicationAutoScaling::/, /^aws_appautoscaling_/], /^(ScalableDimension|scalable_dimension)$/, 'the dimension of an ECS service\'s task count', 'ecs:service:DesiredCount'),
  ...both([/^AWS::ApplicationAutoScaling::/, /^aws_appautoscaling_/], /^(PolicyType|policy_type)$/, 'the kind of scaling policy the plan\'s scaling asks for', /^(TargetTrackingScaling|StepScaling)$/),
  ...both([/^AWS::ApplicationAutoScaling::/, /^aws_appautoscaling_/], /(PredefinedMetricType|predefined_metric_type)$/, 'the predefined metric of the plan\'s CPU or request target', /^(ECSServiceAverageCPUUtilization|ALBRequestCountPerTarget)$/),
  ...both([/^AWS::ApplicationAutoScaling::/, /^aws_appautoscaling_/], /(Metrics\[\]\.Id|metrics\[\]\.id|Dimensions\[\]\.Name|dimensions\[\]\.name)$/, 'metric math ids and CloudWatch dimension names'),
  { backend: 'cfn', type: 'AWS::ApplicationAutoScaling::ScalableTarget', path: /^RoleARN<join>$/, reason: 'aws-cdk-lib names the Application Auto Scaling service-linked role' },
  ...both([/^AWS::CloudWatch::Alarm$/, /^aws_cloudwatch_metric_alarm$/], /(Dimensions\[\]\.Name|dimensions\.|Metrics\[\]\.Id|metric_query\[\]\.id)/, 'metric math ids and CloudWatch dimension names'),
  ...both([/^AWS::ElasticLoadBalancingV2::/, /^aws_lb/], /(LoadBalancerAttributes|TargetGroupAttributes)\[\]\.Key$/, 'the ELB attribute names (their values come from the plan)'),
  ...both([/^AWS::ElasticLoadBalancingV2::Listener$/, /^aws_lb_listener$/], /(DefaultActions\[\]\.Type|default_action\[\]\.type)$/, 'a listener forwards to the plan\'s target group', 'forward'),
  { backend: 'tf', type: 'aws_lb_target_group', path: /^health_check\.port$/, value: 'traffic-port', reason: 'the provider\'s spelling of CloudFormation\'s default (health checks on the traffic port)' },
  ...both([/^AWS::EC2::(SecurityGroup|SecurityGroupIngress|SecurityGroupEgress)$/, /^aws_vpc_security_group_(ingress|egress)_rule$/], /(IpProtocol|ip_protocol)$/, 'the IP protocol of a rule on the plan\'s port (or all, -1)', /^(tcp|-1)$/),
  ...both([/^AWS::EC2::(FlowLog)$/, /^aws_flow_log$/], /^(LogDestinationType|log_destination_type)$/, 'flow logs go to the plan\'s CloudWatch log group', 'cloud-watch-logs'),
  { backend: 'cfn', type: 'AWS::EC2::FlowLog', path: /^ResourceType$/, value: 'VPC', reason: 'the flow log is of the VPC (Terraform: vpc_id)' },
  ...both([/^AWS::ApiGatewayV2::Integration$/, /^aws_apigatewayv2_integration$/], /^(ConnectionType|connection_type|IntegrationType|integration_type|IntegrationMethod|integration_method|PayloadFormatVersion|payload_format_version)$/,
    'a private HTTP API integration: VPC_LINK, HTTP_PROXY, ANY, payload 1.0 (the only format of HTTP_PROXY)'),
  ...both([/^AWS::ApiGatewayV2::Stage$/, /^aws_apigatewayv2_stage$/], /(AccessLogSettings\.Format|access_log_settings\.format)<json>\./, 'the $context variables of the access log format (which fields: the plan\'s access logs)'),
  ...both([/^AWS::DynamoDB::Table$/, /^aws_dynamodb_table$/], /(AttributeDefinitions\[\]\.AttributeType|attribute\[\]\.type|KeySchema\[\]\.KeyType)$/, 'the job table\'s key schema: a string partition key', /^(S|HASH)$/),
  ...both([/^AWS::SSM::Parameter$/, /^aws_ssm_parameter$/], /^(Type|type)$/, 'a plain String parameter (the shard map is not secret)', 'String'),
  { backend: 'tf', type: 'data.aws_availability_zones', path: /^state$/, value: 'available', reason: 'the AZs of the Region that can take resources (aws-cdk-lib: Fn::GetAZs)' },

  ...both([/^AWS::ElasticLoadBalancingV2::Listener(Rule)?$/, /^aws_lb_listener(_rule)?$/], /(DefaultActions\[\]\.Type|default_action\[\]\.type|Actions\[\]\.Type|action\[\]\.type)$/,
    'the kind of listener action the plan\'s listener or route asks for', /^(forward|redirect|fixed-response)$/),
  { backend: 'cfn', type: 'AWS::ElasticLoadBalancingV2::ListenerRule', path: /^Conditions\[\]\.Field$/, value: 'path-pattern', reason: 'a route by path prefix (Terraform: condition.path_pattern)' },
  { backend: 'cfn', type: 'AWS::ElasticLoadBalancingV2::ListenerRule', path: /^Conditions\[\]\.Field$/, value: 'http-header', reason: 'the origin header condition of originHeader (Terraform: condition.http_header)' },
  { backend: 'cfn', type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', path: /^(Type|Scheme)$/, value: /^(application|internal)$/, reason: 'the gateway\'s INTERNAL_ALB integration: an internal application load balancer' },
  { backend: 'tf', type: 'aws_lb', path: /^load_balancer_type$/, value: 'application', reason: 'the gateway\'s INTERNAL_ALB integration: an application load balancer' },
  ...both([/^AWS::CloudFront::Distribution$/, /^aws_cloudfront_distribution$/], /(GeoRestriction\.RestrictionType|geo_restriction\.restriction_type)$/,
    'CloudFront\'s words for the plan\'s allow or deny list', /^(whitelist|blacklist)$/),
  {
    backend: 'cfn',
    type: 'AWS::EC2::SecurityGroupIngress',
    path: /^SourcePrefixListId$/,
    value: /^pl-[0-9a-f]{8,17}$/,
    reason: 'the id of the managed prefix list the plan names (cloudFrontPrefixListName), given as the backend extra cloudFrontPrefixListId: '
      + 'CloudFormation cannot look a managed prefix list up by name (Terraform looks it up with a data source)',
  },
  {
    backend: 'cfn',
    type: 'AWS::CloudFront::Distribution',
    path: /OriginCustomHeaders\[\]\.HeaderValue<join>$/,
    value: /^\{\{resolve:secretsmanager:arn:.:secretsmanager:[a-z0-9-]+:.:secret:[A-Za-z0-9/_+=.@-]+:SecretString:::\}\}$/,
    reason: 'aws-cdk-lib\'s dynamic reference to the secret the plan names (originHeaderSecretName; the parity test reads the name in it); Terraform reads the same secret by a data source',
  },
  { backend: 'cfn', type: 'AWS::CloudFront::Distribution', path: /CachePolicyId$/, value: /^[0-9a-f-]{36}$/, reason: 'aws-cdk-lib\'s id of the AWS managed cache policy the plan names (Terraform looks it up by name)' },
  ...both([/^AWS::S3::Bucket$/, /^aws_s3_bucket_acl$/], /^(AccessControl|acl)$/, 'the ACL CloudFront standard logging requires of the plan\'s log bucket', /^(LogDeliveryWrite|log-delivery-write)$/),

  // ---- what aws-cdk-lib writes by itself ----
  { backend: 'cfn', type: 'Parameter', path: /^Default$/, value: /^\/cdk-bootstrap\//, reason: 'the bootstrap version parameter of the default synthesizer' },
  { backend: 'cfn', type: 'AWS::CloudFormation::Stack', path: /.*/, reason: 'a nested stack\'s template URL and policies: aws-cdk-lib\'s asset handling' },
  { backend: 'cfn', type: 'AWS::EC2::VPC', path: /^InstanceTenancy$/, value: 'default', reason: 'aws-cdk-lib ec2.Vpc writes the default tenancy' },
  ...both([/^AWS::EC2::EIP$/, /^aws_eip$/], /^(Domain|domain)$/, 'an Elastic IP for a NAT gateway in a VPC', 'vpc'),
  ...both([/^AWS::EC2::Route$/, /^aws_route$/], /^(DestinationCidrBlock|destination_cidr_block)$/, 'the default route of a subnet (to the internet or NAT gateway)', '0.0.0.0/0'),
  { backend: 'cfn', type: 'AWS::EC2::SecurityGroup', path: /^SecurityGroupEgress\[\]\.(CidrIp|Description|IpProtocol|FromPort|ToPort)$/, reason: 'aws-cdk-lib\'s own egress rules: "allow all outbound" (0.0.0.0/0, -1) or its "disallow all traffic" placeholder (255.255.255.255/32 icmp 252-86)' },
  ...both([/^AWS::EC2::SecurityGroupEgress$/, /^aws_vpc_security_group_egress_rule$/], /^(CidrIp|cidr_ipv4)$/, 'all destinations of an egress rule the plan opens', '0.0.0.0/0'),
  { backend: 'cfn', type: 'AWS::SecretsManager::Secret', path: /^GenerateSecretString\.ExcludeCharacters$/, reason: 'aws-cdk-lib\'s database secret excludes the characters RDS forbids in a password' },
  { backend: 'cfn', type: 'AWS::SecretsManager::SecretTargetAttachment', path: /^TargetType$/, reason: 'aws-cdk-lib attaches the secret to the database it generated it for' },
  { backend: 'cfn', type: 'AWS::SecretsManager::RotationSchedule', path: /^HostedRotationLambda\.(ExcludeCharacters|RotationType)$/, reason: 'aws-cdk-lib\'s hosted rotation of the engine\'s single user (characters RDS forbids)' },
  { backend: 'tf', type: 'aws_elasticache_replication_group', path: /^lifecycle\.ignore_changes\[\]$/, value: 'node_group_configuration', reason: 'the provider reports node groups AWS placed; Terraform must not fight them' },
  { backend: 'tf', type: 'aws_elasticache_user', path: /^authentication_mode\.type$/, value: 'no-password-required', reason: 'the plan\'s defaultUserPasswordProtected false (the default user of an IAM-authenticated cache, off and without a password) in the provider\'s spelling; CloudFormation writes NoPasswordRequired: true' },
  { backend: 'tf', type: 'aws_secretsmanager_secret_version', path: /^lifecycle\.ignore_changes\[\]$/, value: 'secret_string', reason: 'the secret is rotated outside Terraform' },
  { backend: 'tf', type: 'aws_elasticache_parameter_group', path: /^parameter\[\]\.name$/, reason: 'engine parameter names (their values come from the plan)' },
  ...both([/^AWS::RDS::DB(Cluster)?ParameterGroup$/, /^aws_(db|rds_cluster)_parameter_group$/], /^(parameter\[\]\.name)$/, 'engine parameter names (their values come from the plan)'),
  ...both([/^AWS::IAM::Role$/, /^aws_iam_role_policy_attachment$/], /^(ManagedPolicyArns\[\]<join>|policy_arn<interpolation>)$/, 'the AWS managed policy of the service role the plan asks for (ECS task execution, RDS Enhanced Monitoring)', /:iam::aws:policy\/service-role\//),
  ...both([/^AWS::RDS::DBProxy$/, /^aws_db_proxy$/], /^(Auth\[\]\.AuthScheme|auth\[\]\.auth_scheme)$/,
    'RDS Proxy\'s grammar: the proxy signs in to the database with a Secrets Manager secret (the only scheme of an auth entry with a secret)', 'SECRETS'),
  { backend: 'cfn', type: 'AWS::RDS::DBProxyTargetGroup', path: /^TargetGroupName$/, value: 'default', reason: 'RDS Proxy has one target group, named default (Terraform\'s aws_db_proxy_default_target_group names none)' },
];

package org.ldncds.deploy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ldncds.knowledge.KnowledgeCheck;
import org.ldncds.knowledge.KnowledgeFolder;
import org.ldncds.security.SecurityProperties;
import org.ldncds.testing.KnowledgeCopy;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes manifests of deploy/kubernetes, built as {@code kubectl apply -k} builds
 * each overlay and read with the fabric8 Kubernetes model: what the issue and
 * docs/deploy.md promise of them, checked against what the service really exposes.
 */
class KubernetesManifestsTest {

	private static final Path KUBERNETES = Path.of("deploy", "kubernetes");

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private static final Map<String, JsonNode> APPLICATION_YAML = Map.of("application",
			Kustomize.read(Path.of("src", "main", "resources", "application.yaml")).get(0));

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/single-hospital", "overlays/multi-tenant" })
	void everyManifestIsAKubernetesObjectWithNoUnknownField(String kustomization) {
		List<HasMetadata> objects = build(kustomization);

		assertThat(objects).<Class<?>>extracting((object) -> object.getClass())
			.containsExactlyInAnyOrder(ServiceAccount.class, Deployment.class, Service.class,
					HorizontalPodAutoscaler.class, PodDisruptionBudget.class, NetworkPolicy.class,
					ServiceMonitor.class);
		for (HasMetadata object : objects) {
			assertThat(unknownFields(object))
				.as("fields the Kubernetes model does not know in %s %s", object.getKind(),
						object.getMetadata().getName())
				.isEmpty();
			if (!kustomization.equals("base")) {
				assertThat(object.getMetadata().getNamespace()).isEqualTo("ldn-cds");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "single-hospital", "multi-tenant" })
	void runsAsTheImagesUnprivilegedUserOnAReadOnlyRootFilesystem(String overlay) {
		PodSpec pod = deployment(overlay).getSpec().getTemplate().getSpec();
		Container container = container(overlay);

		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		// Tomcat and the JVM need a writable /tmp: an emptyDir.
		assertThat(mountOf(overlay, "/tmp").getEmptyDir()).isNotNull();
		// H2 would write under the read-only root: the database must be PostgreSQL.
		assertThat(env(container, "SPRING_DATASOURCE_URL").getValueFrom().getSecretKeyRef()).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "single-hospital", "multi-tenant" })
	void probesCallTheActuatorHealthGroupsOnTheServicePort(String overlay) {
		Container container = container(overlay);
		JsonNode health = APPLICATION_YAML.get("application").at("/management/endpoint/health");
		int serverPort = APPLICATION_YAML.get("application").at("/server/port").asInt();

		assertThat(health.at("/probes/enabled").asBoolean()).isTrue();
		assertThat(health.at("/group/readiness/include").asText()).contains("knowledge");
		assertThat(container.getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getName()).isEqualTo("http");
			assertThat(port.getContainerPort()).isEqualTo(serverPort);
		});
		assertProbe(container.getStartupProbe(), "/actuator/health/liveness", health.at("/group/liveness"));
		assertProbe(container.getLivenessProbe(), "/actuator/health/liveness", health.at("/group/liveness"));
		assertProbe(container.getReadinessProbe(), "/actuator/health/readiness", health.at("/group/readiness"));
	}

	private static void assertProbe(Probe probe, String path, JsonNode group) {
		assertThat(group.isMissingNode()).as("health group of %s in application.yaml", path).isFalse();
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
		assertThat(probe.getTimeoutSeconds()).isPositive();
	}

	@ParameterizedTest
	@ValueSource(strings = { "single-hospital", "multi-tenant" })
	void hasResourceRequestsAndLimitsWithTheMemoryTheHeapIsSizedFrom(String overlay) {
		var resources = container(overlay).getResources();

		assertThat(resources.getRequests()).containsKeys("cpu", "memory");
		assertThat(resources.getLimits()).containsKeys("cpu", "memory");
		assertThat(Quantity.getAmountInBytes(resources.getRequests().get("memory")))
			.isEqualTo(Quantity.getAmountInBytes(resources.getLimits().get("memory")));
		BigDecimal limit = Quantity.getAmountInBytes(resources.getLimits().get("memory"));
		// The heap (60% of the limit, -XX:MaxRAMPercentage=60 in the image) holds a
		// 10,000-entry record; the rest holds what is not heap, about 350 MB measured.
		assertThat(limit.multiply(new BigDecimal("0.60")))
			.isGreaterThanOrEqualTo(new BigDecimal(768L * 1024 * 1024).multiply(new BigDecimal("0.999")));
		assertThat(limit.multiply(new BigDecimal("0.40"))).isGreaterThanOrEqualTo(new BigDecimal(500L * 1024 * 1024));
		// The heap fixed at that size and touched at start: resident memory is flat.
		assertThat(env(container(overlay), "JAVA_TOOL_OPTIONS").getValue())
			.isEqualTo("-XX:InitialRAMPercentage=60 -XX:+AlwaysPreTouch");
	}

	@Test
	void theHeapFractionOfTheManifestsIsTheImages() throws IOException {
		assertThat(Files.readString(Path.of("Dockerfile"))).contains("\"-XX:MaxRAMPercentage=60\"");
		assertThat(Files.readString(Path.of("pom.xml"))).contains("<jvmFlag>-XX:MaxRAMPercentage=60</jvmFlag>");
	}

	@ParameterizedTest
	@ValueSource(strings = { "single-hospital", "multi-tenant" })
	void secretsComeFromTheSecretAndEveryVariableSetsARealProperty(String overlay) {
		Container container = container(overlay);

		for (String secret : List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
				"SPRING_DATASOURCE_PASSWORD", "LDN_ADMIN_USERNAME", "LDN_ADMIN_PASSWORD",
				"LDN_AUDIT_PATIENT_KEY_SECRET", "SPRING_DATA_REDIS_URL")) {
			EnvVar variable = env(container, secret);
			assertThat(variable.getValue()).as(secret).isNull();
			assertThat(variable.getValueFrom().getSecretKeyRef().getName()).as(secret).isEqualTo("ldn-cds-secrets");
		}
		for (EnvVar variable : container.getEnv()) {
			if (variable.getName().equals("JAVA_TOOL_OPTIONS")) {
				// The JVM's own, not the service's.
				continue;
			}
			assertThat(AppProperties.propertyOf(variable.getName())).as("property set by %s", variable.getName())
				.isNotNull();
		}
		assertThat(AppProperties.propertyOf("LDN_AUDIT_PATIENT_KEY_SECRET")).isEqualTo("ldn.audit.patient-key-secret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "single-hospital", "multi-tenant" })
	void runsTheProdProfileWithRedisSharedByEveryInstance(String overlay) {
		Container container = container(overlay);

		// The prod profile refuses to start without what the other variables give it.
		assertThat(env(container, "SPRING_PROFILES_ACTIVE").getValue()).isEqualTo("prod");
		assertThat(AppProperties.propertyOf("SPRING_DATA_REDIS_URL")).isEqualTo("spring.data.redis.url");
		assertThat(env(container, "SPRING_DATA_REDIS_URL").getValueFrom().getSecretKeyRef().getKey())
			.isEqualTo("redis-url");
	}

	@ParameterizedTest
	@ValueSource(strings = { "single-hospital", "multi-tenant" })
	void trustsTheOverlaysEhrsWithTheirFhirServersAndNotTheDemoClient(String overlay) {
		SecurityProperties security = bindSecurity(container(overlay));

		assertThat(security.demoClient().enabled()).isFalse();
		assertThat(security.clients()).isNotEmpty().allSatisfy((client) -> {
			assertThat(client.issuer()).startsWith("https://");
			assertThat(client.jwksUrl()).isNotNull();
			assertThat(client.fhirServers()).isNotEmpty()
				.allSatisfy((server) -> assertThat(server.getScheme()).isEqualTo("https"));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "single-hospital", "multi-tenant" })
	void egressOnlyToDnsPostgresRedisAndTheEhrFhirServers(String overlay) {
		NetworkPolicy policy = the(overlay, NetworkPolicy.class);
		Map<String, String> podLabels = deployment(overlay).getSpec().getTemplate().getMetadata().getLabels();

		assertThat(policy.getSpec().getPolicyTypes()).contains("Egress", "Ingress");
		assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
		List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
		assertThat(egress).allSatisfy((rule) -> {
			// A rule without peers or ports would let everything out.
			assertThat(rule.getTo()).isNotEmpty();
			assertThat(rule.getPorts()).isNotEmpty();
		});
		assertThat(egress).extracting((rule) -> ports(rule.getPorts()))
			.containsExactly(List.of("UDP/53", "TCP/53"), List.of("TCP/5432"), List.of("TCP/6379"), List.of("TCP/443"));
		assertThat(egress.get(0).getTo()).singleElement()
			.satisfies(
					(peer) -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns"));
		assertThat(egress.get(1).getTo()).singleElement()
			.satisfies((peer) -> assertThat(peer.getPodSelector().getMatchLabels())
				.containsEntry("app.kubernetes.io/name", "postgresql"));
		assertThat(egress.get(2).getTo()).singleElement()
			.satisfies((peer) -> assertThat(peer.getPodSelector().getMatchLabels())
				.containsEntry("app.kubernetes.io/name", "redis"));
		// The EHRs: address ranges only (never all of the internet), set by the overlay.
		assertThat(egress.get(3).getTo()).extracting(NetworkPolicyPeer::getIpBlock)
			.allSatisfy((block) -> assertThat(block.getCidr()).isNotIn("0.0.0.0/0", "::/0", "192.0.2.0/24"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "single-hospital", "multi-tenant" })
	void autoscalerDisruptionBudgetServiceAndMonitorTargetTheDeployment(String overlay) {
		Deployment deployment = deployment(overlay);
		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		HorizontalPodAutoscaler autoscaler = the(overlay, HorizontalPodAutoscaler.class);
		PodDisruptionBudget budget = the(overlay, PodDisruptionBudget.class);
		Service service = the(overlay, Service.class);
		ServiceMonitor monitor = the(overlay, ServiceMonitor.class);

		assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
		assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2)
			.isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
		assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
		// Fewer must stay up than run at least, or a node drain waits for ever.
		assertThat(budget.getSpec().getMinAvailable().getIntVal()).isLessThan(autoscaler.getSpec().getMinReplicas());
		assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
		assertThat(service.getSpec().getPorts()).singleElement()
			.satisfies((port) -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
		assertThat(service.getMetadata().getLabels())
			.containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
		assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies((endpoint) -> {
			assertThat(endpoint.getPort()).isEqualTo(service.getSpec().getPorts().get(0).getName());
			assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
			// The metrics answer administrators only.
			assertThat(endpoint.getBasicAuth().getUsername().getName()).isEqualTo("ldn-cds-secrets");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "single-hospital", "multi-tenant" })
	void theKnowledgeConfigMapsAreMountedWhereTheServiceReadsItsKnowledge(String overlay) throws IOException {
		Container container = container(overlay);
		assertThat(AppProperties.propertyOf("LDN_RULES_LOCATION")).isEqualTo("ldn.rules.location");
		String rulesFolder = folderOf(env(container, "LDN_RULES_LOCATION").getValue());
		// The FHIR knowledge is larger than a ConfigMap may be: it comes zipped, in its
		// own.
		assertThat(folderSize(Path.of("fhir-profiles"))).isGreaterThan(1024 * 1024);
		assertThat(AppProperties.propertyOf("LDN_KNOWLEDGE_PROFILES_LOCATION"))
			.isEqualTo("ldn.knowledge.profiles-location");
		String profilesFolder = folderOf(env(container, "LDN_KNOWLEDGE_PROFILES_LOCATION").getValue());
		assertThat(configMapMountedAt(overlay, profilesFolder.substring(0, profilesFolder.length() - 1)))
			.isEqualTo("ldn-cds-profiles");
		// The packaged rules live in one subfolder (rules/ldn/) and the card templates in
		// another (rules/cards/): a ConfigMap holds no folders, so each is mounted as its
		// subfolder.
		Set<String> ruleSubfolders = new java.util.TreeSet<>();
		new KnowledgeFolder("classpath:rules/").files(".drl")
			.forEach((file) -> ruleSubfolders.add(file.name().substring(0, file.name().lastIndexOf('/') + 1)));
		assertThat(ruleSubfolders).containsExactly("ldn/");
		Set<String> templateSubfolders = new java.util.TreeSet<>();
		KnowledgeCheck.templateFiles(new KnowledgeFolder("classpath:rules/"))
			.forEach((file) -> templateSubfolders.add(file.name().substring(0, file.name().lastIndexOf('/') + 1)));
		assertThat(templateSubfolders).containsExactly("cards/");

		assertThat(configMapMountedAt(overlay, rulesFolder + "ldn")).isEqualTo("ldn-cds-rules");
		assertThat(configMapMountedAt(overlay, rulesFolder + "cards")).isEqualTo("ldn-cds-cards");
		// Every change of those is checked against the scenarios, mounted beside them.
		assertThat(AppProperties.propertyOf("LDN_KNOWLEDGE_SCENARIOS_LOCATION"))
			.isEqualTo("ldn.knowledge.scenarios-location");
		String scenariosFolder = folderOf(env(container, "LDN_KNOWLEDGE_SCENARIOS_LOCATION").getValue());
		assertThat(configMapMountedAt(overlay, scenariosFolder.substring(0, scenariosFolder.length() - 1)))
			.isEqualTo("ldn-cds-scenarios");
	}

	@Test
	void theKnowledgeFoldersFitConfigMapsAsDocsDeployMdCreatesThem(@TempDir Path temp) throws IOException {
		String guide = Files.readString(Path.of("docs", "deploy.md"));

		assertFitsAConfigMap(Path.of("rules", "ldn"), ".drl");
		assertFitsAConfigMap(Path.of("rules", "cards"), ".md");
		// The scenarios (a tree of about 1 MB) travel zipped.
		Path scenarios = Files.createDirectories(temp.resolve("scenarios"));
		KnowledgeCopy.zip(Path.of("src/test/resources/scenarios"), UnaryOperator.identity(),
				scenarios.resolve("scenarios.zip"));
		assertFitsAConfigMap(scenarios, ".zip");
		Path profiles = Files.createDirectories(temp.resolve("fhir-profiles"));
		KnowledgeCopy.zip(Path.of("fhir-profiles"), UnaryOperator.identity(), profiles.resolve("fhir-profiles.zip"));
		assertFitsAConfigMap(profiles, ".zip");
		assertThat(guide).contains("create configmap ldn-cds-rules --from-file=rules/ldn/")
			.contains("create configmap ldn-cds-cards --from-file=rules/cards/")
			.contains("jar --create --no-manifest --file scenarios.zip -C src/test/resources/scenarios .")
			.contains("create configmap ldn-cds-scenarios --from-file=scenarios.zip")
			.contains("jar --create --no-manifest --file fhir-profiles.zip -C fhir-profiles .")
			.contains("create configmap ldn-cds-profiles --from-file=fhir-profiles.zip")
			.contains("create secret generic ldn-cds-secrets");
		for (String key : List.of("datasource-url", "datasource-username", "datasource-password", "admin-username",
				"admin-password", "patient-key-secret")) {
			assertThat(guide).contains("--from-literal=" + key + "=");
		}
	}

	private static long folderSize(Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
	}

	/**
	 * {@code kubectl create configmap --from-file=<folder>} takes the folder's regular
	 * files only, silently leaving subfolders out, and a ConfigMap holds at most 1 MiB.
	 */
	private static void assertFitsAConfigMap(Path folder, String suffix) throws IOException {
		long bytes = 0;
		try (Stream<Path> entries = Files.list(folder)) {
			for (Path entry : entries.toList()) {
				assertThat(Files.isRegularFile(entry)).as("%s is a file (kubectl leaves folders out)", entry).isTrue();
				assertThat(entry.getFileName().toString()).matches("[-._a-zA-Z0-9]+").endsWith(suffix);
				bytes += Files.size(entry);
			}
		}
		assertThat(bytes).as("size of %s", folder).isLessThan(900 * 1024);
	}

	@Test
	void theTestsKustomizeRefusesWhatItCannotApply(@TempDir Path folder) throws IOException {
		Files.writeString(folder.resolve("kustomization.yaml"), "resources: []\nimages:\n  - name: ldn-cds\n");

		assertThatThrownBy(() -> Kustomize.build(folder)).hasMessageContaining("field 'images' is not supported");
	}

	@Test
	void aMisspeltVariableSetsNoProperty() {
		assertThat(AppProperties.propertyOf("LDN_FHIR_TOTAL_BUDGET")).isEqualTo("ldn.fhir.total-budget");
		assertThat(AppProperties.propertyOf("LDN_FHIR_TOTAL_BUGDET")).isNull();
		assertThat(AppProperties.propertyOf("LDN_RULE_LOCATION")).isNull();
	}

	private static SecurityProperties bindSecurity(Container container) {
		Map<String, Object> literals = new LinkedHashMap<>();
		container.getEnv()
			.stream()
			.filter((variable) -> variable.getValue() != null)
			.forEach((variable) -> literals.put(variable.getName(), variable.getValue()));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					literals));
		return new Binder(ConfigurationPropertySources.get(environment)).bindOrCreate("ldn.security",
				SecurityProperties.class);
	}

	private static List<String> ports(List<NetworkPolicyPort> ports) {
		return ports.stream().map((port) -> port.getProtocol() + "/" + port.getPort().getIntVal()).toList();
	}

	private static String folderOf(String fileLocation) {
		assertThat(fileLocation).startsWith("file:/").endsWith("/");
		return fileLocation.substring("file:".length());
	}

	private static String configMapMountedAt(String overlay, String path) {
		Volume volume = mountOf(overlay, path);
		assertThat(volume.getConfigMap()).as("ConfigMap volume at %s", path).isNotNull();
		return volume.getConfigMap().getName();
	}

	private static Volume mountOf(String overlay, String path) {
		VolumeMount mount = container(overlay).getVolumeMounts()
			.stream()
			.filter((candidate) -> candidate.getMountPath().equals(path))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
		return deployment(overlay).getSpec()
			.getTemplate()
			.getSpec()
			.getVolumes()
			.stream()
			.filter((volume) -> volume.getName().equals(mount.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
	}

	private static EnvVar env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no environment variable " + name));
	}

	private static Container container(String overlay) {
		return deployment(overlay).getSpec().getTemplate().getSpec().getContainers().get(0);
	}

	private static Deployment deployment(String overlay) {
		return the(overlay, Deployment.class);
	}

	private static <T extends HasMetadata> T the(String overlay, Class<T> type) {
		List<T> matches = build("overlays/" + overlay).stream().filter(type::isInstance).map(type::cast).toList();
		assertThat(matches).as("%s in %s", type.getSimpleName(), overlay).hasSize(1);
		return matches.get(0);
	}

	private static List<HasMetadata> build(String kustomization) {
		List<HasMetadata> objects = new ArrayList<>();
		for (ObjectNode object : Kustomize.build(KUBERNETES.resolve(kustomization))) {
			objects.add(SERIALIZATION.unmarshal(object.toString(), HasMetadata.class));
		}
		return objects;
	}

	/**
	 * Every field the model did not know (fabric8 keeps them as additional properties).
	 */
	private static List<String> unknownFields(Object object) {
		List<String> unknown = new ArrayList<>();
		collectUnknownFields(object, "", unknown, new IdentityHashMap<>());
		return unknown;
	}

	private static void collectUnknownFields(Object value, String path, List<String> unknown,
			Map<Object, Boolean> seen) {
		if (value == null || seen.put(value, true) != null) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object element : collection) {
				collectUnknownFields(element, path + "[" + i++ + "]", unknown, seen);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, element) -> collectUnknownFields(element, path + "." + key, unknown, seen));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers())) {
					continue;
				}
				field.setAccessible(true);
				Object fieldValue;
				try {
					fieldValue = field.get(value);
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
				if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
					extra.keySet().forEach((key) -> unknown.add(path + "." + key));
				}
				else {
					collectUnknownFields(fieldValue, path + "." + field.getName(), unknown, seen);
				}
			}
		}
	}

}

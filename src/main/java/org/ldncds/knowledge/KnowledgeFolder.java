package org.ldncds.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * A folder of knowledge files (DRL rules or FHIR resources), either the copy packaged in
 * the jar ({@code classpath:rules/}) or one on disk ({@code file:/opt/ldn/rules/}), so
 * that a pharmacist can change knowledge without rebuilding the service. Hidden files and
 * folders are left out.
 */
public final class KnowledgeFolder {

	private static final ResourcePatternResolver RESOLVER = new PathMatchingResourcePatternResolver();

	private static final String ARCHIVE = ".zip";

	/** More than the knowledge needs by far, little enough to read into memory. */
	private static final long MAX_ARCHIVE_BYTES = 64L * 1024 * 1024;

	private final String location;

	public KnowledgeFolder(String location) {
		this.location = location.endsWith("/") ? location : location + "/";
	}

	/** Every file below the folder whose name ends with the suffix, by relative path. */
	public List<KnowledgeFile> files(String suffix) {
		try {
			String rootUrl = rootUrl(RESOLVER.getResource(location));
			List<KnowledgeFile> files = new ArrayList<>();
			for (Resource resource : sorted(RESOLVER.getResources(location + "**/*" + suffix))) {
				String name = relativeName(rootUrl, resource);
				if (!hidden(name)) {
					files.add(new KnowledgeFile(name, read(resource)));
				}
			}
			return files;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read knowledge folder " + location + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Like {@link #files}, and besides every entry whose name ends with the suffix in the
	 * zip archives below the folder, named {@code archive.zip!/entry}. A folder of many
	 * files may travel as one archive: a ConfigMap holds no subfolders and at most 1 MiB,
	 * while the knowledge scenarios fill a tree of about 1 MB that zips to 290 KB.
	 */
	public List<KnowledgeFile> filesAndArchivedFiles(String suffix) {
		List<KnowledgeFile> files = new ArrayList<>(files(suffix));
		try {
			String rootUrl = rootUrl(RESOLVER.getResource(location));
			for (Resource archive : sorted(RESOLVER.getResources(location + "**/*" + ARCHIVE))) {
				String name = relativeName(rootUrl, archive);
				if (!hidden(name)) {
					files.addAll(archived(name, archive, suffix));
				}
			}
			return files;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read knowledge folder " + location + ": " + ex.getMessage(), ex);
		}
	}

	public String location() {
		return location;
	}

	/**
	 * The archive's entries ending with the suffix, by name. An archive that expands
	 * beyond {@value #MAX_ARCHIVE_BYTES} bytes is refused rather than read into memory.
	 */
	private static List<KnowledgeFile> archived(String archiveName, Resource archive, String suffix)
			throws IOException {
		List<KnowledgeFile> files = new ArrayList<>();
		long expanded = 0;
		try (ZipInputStream zip = new ZipInputStream(archive.getInputStream(), StandardCharsets.UTF_8)) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				String entryName = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
				if (entry.isDirectory() || !entryName.endsWith(suffix) || hidden(entryName)) {
					continue;
				}
				byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_ARCHIVE_BYTES - expanded + 1));
				expanded += bytes.length;
				if (expanded > MAX_ARCHIVE_BYTES) {
					throw new IOException(
							"the archive " + archiveName + " expands beyond " + MAX_ARCHIVE_BYTES + " bytes");
				}
				files.add(new KnowledgeFile(archiveName + "!/" + entryName, new String(bytes, StandardCharsets.UTF_8)));
			}
		}
		return files;
	}

	/**
	 * The URL the files' URLs start with. A relative location ({@code file:rules/}) has a
	 * relative URL, while the files found under it have absolute ones: its absolute form
	 * is used, so that files keep their path in the folder as their name.
	 */
	private String rootUrl(Resource root) throws IOException {
		if (!root.exists()) {
			return location;
		}
		return root.isFile() ? root.getFile().getAbsoluteFile().toURI().toString() : root.getURL().toString();
	}

	private static Resource[] sorted(Resource[] resources) {
		Arrays.sort(resources, Comparator.comparing(KnowledgeFolder::urlOf));
		return resources;
	}

	private static String relativeName(String rootUrl, Resource resource) {
		String url = urlOf(resource);
		return url.startsWith(rootUrl) ? url.substring(rootUrl.length()) : resource.getFilename();
	}

	/**
	 * Whether a file or one of its folders is hidden (its name starts with a dot). Hidden
	 * files are never knowledge: a Kubernetes ConfigMap volume keeps a second copy of
	 * every file in a hidden {@code ..<timestamp>} folder, and editors keep backups
	 * there.
	 */
	private static boolean hidden(String relativeName) {
		return Arrays.stream(relativeName.split("/")).anyMatch((segment) -> segment.startsWith("."));
	}

	private static String urlOf(Resource resource) {
		try {
			return resource.getURL().toString();
		}
		catch (IOException ex) {
			return String.valueOf(resource.getFilename());
		}
	}

	private static String read(Resource resource) throws IOException {
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** A file's path relative to the folder, and its text. */
	public record KnowledgeFile(String name, String text) {
	}

}

package org.ldncds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** ldn-cds: CDS Hooks 2.0 decision support for low-dose naltrexone orders. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LdnCdsApplication {

	public static void main(String[] args) {
		SpringApplication.run(LdnCdsApplication.class, args);
	}

}

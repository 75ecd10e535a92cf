package compat.probe;

import java.security.CodeSigner;
import java.security.cert.X509Certificate;

/** Prints the signers its own class was defined with. */
public final class SignedProbe {
    private SignedProbe() {
    }

    public static void main(String[] args) {
        CodeSigner[] signers = SignedProbe.class.getProtectionDomain().getCodeSource().getCodeSigners();
        if (signers == null) {
            System.out.println("unsigned");
            return;
        }
        X509Certificate certificate = (X509Certificate) signers[0].getSignerCertPath().getCertificates().get(0);
        System.out.println(signers.length + " signer: " + certificate.getSubjectX500Principal().getName());
        System.out.println("package: " + SignedProbe.class.getPackage().getImplementationVersion());
    }
}

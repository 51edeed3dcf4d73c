package org.certwright.acme.crypto;

/**
 * Keys written by OpenSSL 3.0 when these tests were written, so that reading is tested against
 * another implementation's output. {@code *_PUBLIC} is what {@code openssl pkey -pubout} printed
 * for the key above it. Generated with:
 *
 * <pre>
 * openssl genrsa -traditional 2048                          # RSA_2048_PKCS1
 * openssl ecparam -name prime256v1 -genkey                  # P256_SEC1_WITH_PARAMETERS
 * openssl ecparam -name secp384r1 -genkey -noout            # P384_SEC1
 * openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521   # P521_PKCS8
 * openssl genrsa -traditional 1024                          # RSA_1024_PKCS1
 * openssl pkcs8 -topk8 -v2 aes256 -passout pass:secret      # ENCRYPTED_PKCS8
 * openssl rsa -aes256 -traditional -passout pass:secret     # ENCRYPTED_LEGACY
 * openssl ecparam -name secp256k1 -genkey -noout            # SECP256K1_SEC1
 * openssl genpkey -algorithm ed448                          # ED448_PKCS8
 * openssl req -new ...                                      # CSR_* (commands at each)
 * </pre>
 *
 * These are throwaway test keys.
 */
final class OpenSslFixtures {

    private OpenSslFixtures() {
    }

    /** {@code rsa2048.pem}. */
    static final String RSA_2048_PKCS1 = """
            -----BEGIN RSA PRIVATE KEY-----
            MIIEpAIBAAKCAQEA2m2ybgVDD7aY4yjSKuBDcsalC4QmrAHPpiY067MAkbQaLSoE
            J3my+/l+K5xyqMyvYKAAZ2p1muFUfdJvFSwOAGwdRsNHOmiLv4Uvxw2SwCnkePUo
            elDl0xWP3Mm8YaYeLN1QGkQq6zAAvdxvylmLsVyrY247rfmxbcx5uvJ5Sy8OUO4D
            azNzE3EBftAO/8eZtgKxrwyo88Hr5SH9MAt834TUpE0o5IbCiHLywCaUgmlE+qzx
            jz0i+5QrEKqQ/hdsx66PbjWeZr/HOyt860F4lb/DMM7hwuEws6wtCGe8gs0TnFbQ
            GCQeA81JzJM/06QJcJF7598yxlqMINLw5PgSCwIDAQABAoIBABJuUzIJa6E1zSzN
            0v4fMlHLBT41hnXZKUZhzvFch13EDrlk5DjYggvU/5p6dwpbSykiFyaiyw2omdKM
            ISduMjhC5y2DaM066R/eAywOryVb45V5SlMX5GytUxhURXsP41fxzMKKofx6bnWW
            1jAC4lCy+xtGv+5sNVaIfHUT5Lw9MjuCszns1yml0x7JitFWh/27bWmCY6kyitaG
            5AeWz/+TTOu7DcoJrPmirH8SdBmyZdyq3eA61IertsjU98GDf+3fO9C5w4b7ihZh
            2jFD5nu8VRYfBMz+nwlHxltRoCeSIrJd7uzXhX6CT/pSksFrDRtoFfuOJ7nVeKq7
            SNMaQOECgYEA/hGHLxPKFqqPnvwPk4UxTwatQhohM/FRHi2mOBh0kAbSBj7juB7j
            49RpR/Df4106UfksvEJrq0Fo8l2RQuuMnhFTUqRG9r72FO6dydgbaWvZjX53fGQR
            nE/iI9Uwp0QLzwA8Ebylu3btjth+LaRRyD+GqV5fGE8OdyoRRN8e28MCgYEA3BbO
            Tm7s4AtSrKTK9nwZPT9snzhX0iuKE/CfHKf8DE7HJvP+zcUys5cTGtmxwnOsVLot
            CnmBKRk+ReoDhSOFF8qr5O06Gcd+1mlCB705g4+dB2H40razngX2Tw1Behu+emEB
            aGbcb8nlohxsm315Bhm/fFszebzGFkAt7OhbNBkCgYEA47nmR4YfX02lycT4WSvL
            VKARb+xn0lz8bmZQVHtnDylt2vdHuWLGtRFRBJCcvPh1K8CCHoQSacAJRyQi7a6f
            rZat7qccjFIB1CVE/QRdHZLzvuWaR76SIl9fvOp735EYXIRDU0qZ6nvg1maqQlLE
            kw6NrwXNisZhmuHz9J1g1W0CgYBnU42n5QvwY2B9DSD8d2aiCpTEa39PfIFmuyD4
            IyWB4bo9329Qy7Px/ItLn8iEsinF3WIn+MNauC80Q5lDeFmTweLRp04PrEkwAFqv
            p3bI/TOLs8NNqdjJ56Krml2TJlNWwRQYH7J+CRt18EJM/atD4fK0P1z7WlTlPVxS
            TQQEgQKBgQCkvxp5MjweK1P5KTPeDDkdO1QU85PXX2wYPmH6+c4nDfujnBTef/Gh
            UOkayt54qRTDKNrwODGHnS9ph3fHW0CJnkXD3AX2jB5Hq77k4mEfBOT1IupVQiIW
            fePdMTJEA9kM4d3wZbd3mn21hZFShTxsI84VfI2Guml4Gnzmg5jPBA==
            -----END RSA PRIVATE KEY-----
            """;

    /** {@code rsa2048.pub}. */
    static final String RSA_2048_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2m2ybgVDD7aY4yjSKuBD
            csalC4QmrAHPpiY067MAkbQaLSoEJ3my+/l+K5xyqMyvYKAAZ2p1muFUfdJvFSwO
            AGwdRsNHOmiLv4Uvxw2SwCnkePUoelDl0xWP3Mm8YaYeLN1QGkQq6zAAvdxvylmL
            sVyrY247rfmxbcx5uvJ5Sy8OUO4DazNzE3EBftAO/8eZtgKxrwyo88Hr5SH9MAt8
            34TUpE0o5IbCiHLywCaUgmlE+qzxjz0i+5QrEKqQ/hdsx66PbjWeZr/HOyt860F4
            lb/DMM7hwuEws6wtCGe8gs0TnFbQGCQeA81JzJM/06QJcJF7598yxlqMINLw5PgS
            CwIDAQAB
            -----END PUBLIC KEY-----
            """;

    /** {@code p256.pem}. */
    static final String P256_SEC1_WITH_PARAMETERS = """
            -----BEGIN EC PARAMETERS-----
            BggqhkjOPQMBBw==
            -----END EC PARAMETERS-----
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIHsvTnrtsBGrx0dXrZItRSdooiyVhdpCZGksqq1ufUOsoAoGCCqGSM49
            AwEHoUQDQgAEIpU+Q/yB1Nrk7W+Mpl55HSog8jplaNj3d9sEBFv/3+5NLCX8PHgM
            OVrFFQlFQaFK1jZBgCkMGk5GMcwI6GvkmQ==
            -----END EC PRIVATE KEY-----
            """;

    /** {@code p256.pub}. */
    static final String P256_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEIpU+Q/yB1Nrk7W+Mpl55HSog8jpl
            aNj3d9sEBFv/3+5NLCX8PHgMOVrFFQlFQaFK1jZBgCkMGk5GMcwI6GvkmQ==
            -----END PUBLIC KEY-----
            """;

    /** {@code p384.pem}. */
    static final String P384_SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            MIGkAgEBBDCxV4I1tuOjqzadek7hZFtR4tX9tS+/S3szQvU+074XUhk+HBSWN4li
            XUFjxL2Bj2KgBwYFK4EEACKhZANiAARPDlmLykOIQ1sF6J9LHXHybqjzCY+CmBvr
            Jeb+tPA6J+Yrm+zMyVMqneylJB05Wxd6Ap+SEQJDZaaqFOIZfc78M1WNUU1v9iJn
            IdwZl96MpA9bZv2d2/sO41n6zWXeiU4=
            -----END EC PRIVATE KEY-----
            """;

    /** {@code p384.pub}. */
    static final String P384_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAETw5Zi8pDiENbBeifSx1x8m6o8wmPgpgb
            6yXm/rTwOifmK5vszMlTKp3spSQdOVsXegKfkhECQ2WmqhTiGX3O/DNVjVFNb/Yi
            ZyHcGZfejKQPW2b9ndv7DuNZ+s1l3olO
            -----END PUBLIC KEY-----
            """;

    /** {@code p521.pk8}. */
    static final String P521_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MIHuAgEAMBAGByqGSM49AgEGBSuBBAAjBIHWMIHTAgEBBEIA0h0VBnJu2r0N1Qxe
            I418pnhjSzF9SGNuSwAPgXD0azg3ijM2CnOfog8jk0lwY+noeVqj6mR4aufKZK6O
            rjz8oGahgYkDgYYABACx/cIccL4J50TvTd9jffcd2UZ9LqYMNw1B2E8TTvEKeuck
            O+Asnx74GpRDBrgJpUODGs0/w0YICBkK5s6yO/Ww3ADT/tsctfcdlaszLD/RP8DS
            KVYyXc+Ky7IxLZ0RoyD+U3knU3oLxwhUxtGZPMY6Z7+tXiiFKkU0IabLE7C4DLao
            ag==
            -----END PRIVATE KEY-----
            """;

    /** {@code p521.pub}. */
    static final String P521_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MIGbMBAGByqGSM49AgEGBSuBBAAjA4GGAAQAsf3CHHC+CedE703fY333HdlGfS6m
            DDcNQdhPE07xCnrnJDvgLJ8e+BqUQwa4CaVDgxrNP8NGCAgZCubOsjv1sNwA0/7b
            HLX3HZWrMyw/0T/A0ilWMl3PisuyMS2dEaMg/lN5J1N6C8cIVMbRmTzGOme/rV4o
            hSpFNCGmyxOwuAy2qGo=
            -----END PUBLIC KEY-----
            """;

    /** {@code rsa1024.pem}. */
    static final String RSA_1024_PKCS1 = """
            -----BEGIN RSA PRIVATE KEY-----
            MIICXAIBAAKBgQDBiJGGiS/Zmj21FsettrJd2szcXTIIrEbpxWPq66lyC4x8eFT7
            LQr+TWtKqTbTGnXKKwl7OwulchznHlG3hOSY/GeGUeTIC+9bRuvpRTPOy6CFE9Dc
            HAiDcETPN1FZAyD0idyRIYqXJQQ381wPDIorfUS4r444+FFICso3G+EMOwIDAQAB
            AoGAPMGA3flnWiq/wH/cQ76dFDXCJlPjhzF+OZlMGs3Mrg7OFa05EHk9gEQRsKia
            m38tB0Cng1Yv+8ptJGkyQiioEoqjQ4WqU4Ubfpl++2uvtJwZ/MzydD8Wi2CP4z25
            iCO5El0wePiyiu21Rp7jqeeNMFFf3wcMgTSkC5/gYSsy3fECQQDz7Bo/JEEP/dqd
            GkCyBpr2LTzxZe7/XMO7pbmkJ0/3u0HN+jF2AYNMQYDO2pMHW6UcBmPEcZT4jliF
            CkMUybLtAkEAyx3ABrvu/SZwM5eDj7pzUd8s33WWXamnFGp6arcW8Kek+AXVfVp+
            +hSCx+b70Ye3mM+igDVZWjSpDAIvqMYOxwJAGy5ZMmYQ1f5cyRru0KfJxtr9qozI
            WC53JUbva+pxj9KPH6vcrSC4B9xYxTQ4JB7DRF816OMbTaNXG+Qr23oqdQJBAJCB
            j/a6iiMsz7LE3uLIwfbDksdAf0QPyUDrKED4FagNfX6/l83hLml5YjoaiZnetq5P
            OsuAKRvWT1atz36Buk0CQGnQlCqGusmnG2vlB4w9QXGNDyrJSbIbLRpPDAjDjvYa
            7FGY3Tjsx3lzKmeou8PXn79UMO269TPbLdU3fQc3yuc=
            -----END RSA PRIVATE KEY-----
            """;

    /** {@code enc.pk8}. */
    static final String ENCRYPTED_PKCS8 = """
            -----BEGIN ENCRYPTED PRIVATE KEY-----
            MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAikJXlop/PibQICCAAw
            DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEI+KuCun9QlR3N8AxFdel2gEgZAZ
            9bFox9Y0baOm3Nuc7vf1H+Mn2aTc3cAxH9NUuqZXs6tbHkUJFaBZ0Jdz1heY/98K
            pmC75EktoFtVWwL9VFruaeZPP3kfGon/vI/eo+3ZkJH9iTKOQ7OIEbSPaUgMI2rI
            /s/aago4pP08HkWq9uNPgQ6p/9X8wEHNa0Pl5McjskcB6xrklWHjbwyhu/T+vdc=
            -----END ENCRYPTED PRIVATE KEY-----
            """;

    /** {@code enc-legacy.pem}. */
    static final String ENCRYPTED_LEGACY = """
            -----BEGIN RSA PRIVATE KEY-----
            Proc-Type: 4,ENCRYPTED
            DEK-Info: AES-256-CBC,96520C849BA8DCAC92A18C8B44D58AF3
            
            OIOqjbNdeCRwst4QpuUdlHxdriWSdP9Z7eWqZ37rHjdXiZW3TKwoFzOJvXONlaHs
            yf0RY/s7K6X5W1saqA0UEhMIT7oVJt1UeLdtb0kSW9GrhYOcXasfN7JXTCPKl2e7
            LfxhzjZ2Rd1Bu0hf9ZCGpntVxZrR3s0wWIUWej0Dsk2z4DK0SXJeoozPHuedaAwd
            UdO12Bwny/A1a/1TZLVrZfbe4Mho18XZMPHuTGOSoGtqsgNlX8GXpps0VXgz2Wvg
            4PysKrJd2FC2Fm23vbn0nxrCvfjZ1x8KMznWnJYCA0cphBhmGgp/UBmSrFoq2JRI
            WXdKxpdJKA5hLU9zLijiTlPk1xY4nhnQ8cLNT6YduN476nL8L2LDMzu8b+7Fs9YD
            yqC0l6+WBKw7b/euVMcZ8pc6uq6NXlRt0ViTKX5fTeRokbEB/FAi++TmlioasnX0
            qUba3vJB25LlN547KDkjMji7t4yn8TWzoRK4i3lbssCyA5g6hAWtnxAjYf3y1rKV
            beEsRwDkxu65rPeIDeqWzJltM4m4EkRTEhtg2TN0cMDwc3+nGPH/BZgh+eAWbgX4
            DksRJj+jqEDm1+dCt79EQ35UmGNdIJcwrNRhv7/2kXOjQWzRMBzHWDc8fiizHTIW
            eFr4TFsS5/OeWw1BjqtmAecKvjaFsuZ+zU0qlEkLZzJpvE81G8oQT0sIGiBBCZ3j
            EHB218KYkzS+V3nFJPyuevpJqPVFdZ9iqX/bItXxDg8n0aC5tXp/WXOjtW+bJg0v
            ow/N01OV4p4vKFSuDsCaWq4v+ietj94yYsqgEPh3P+JUR/jrQms2q41SzTC3uPtU
            -----END RSA PRIVATE KEY-----
            """;

    /** {@code k1.pem}. */
    static final String SECP256K1_SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            MHQCAQEEIN2jBR4zDWEnGDORYHn7tI50JSZi7KCgZrO+WlcyaNwmoAcGBSuBBAAK
            oUQDQgAEeC9VeYozrmUibmU/1GUdUbUEE+upm41Xj+sJ+xD/geWhqy2/PyJpCWg6
            FaE1GRYmolbZlhg3tEBi7Osv2RUKhw==
            -----END EC PRIVATE KEY-----
            """;

    /** {@code ed448.pem}. */
    static final String ED448_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MEcCAQAwBQYDK2VxBDsEOTj3WH9Hgguuqw5NygsZ8RddegoMeqqRhq7qGY6eqUE3
            qWo9w/3fA+Js+XBgZkrrUUzoyeemgmEBXg==
            -----END PRIVATE KEY-----
            """;

    /** {@code openssl req -new -key P256_SEC1_WITH_PARAMETERS -subj "/CN=example.com/O=Test" -addext "subjectAltName=DNS:example.com,DNS:*.Example.com,IP:192.0.2.1,IP:2001:db8::1,email:admin@example.com"}. */
    static final String CSR_WITH_SANS = """
            -----BEGIN CERTIFICATE REQUEST-----
            MIIBQzCB6gIBADAlMRQwEgYDVQQDDAtleGFtcGxlLmNvbTENMAsGA1UECgwEVGVz
            dDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCKVPkP8gdTa5O1vjKZeeR0qIPI6
            ZWjY93fbBARb/9/uTSwl/Dx4DDlaxRUJRUGhStY2QYApDBpORjHMCOhr5JmgYzBh
            BgkqhkiG9w0BCQ4xVDBSMFAGA1UdEQRJMEeCC2V4YW1wbGUuY29tgg0qLkV4YW1w
            bGUuY29thwTAAAIBhxAgAQ24AAAAAAAAAAAAAAABgRFhZG1pbkBleGFtcGxlLmNv
            bTAKBggqhkjOPQQDAgNIADBFAiEAyREIGXDIiJi7tkXTKpCPuXFb20lQOmYCtpTw
            y3DhqAwCIBKpboQJTsbw6BPgFJJrJksSSXRvZR1DcY/lV7surGdW
            -----END CERTIFICATE REQUEST-----
            """;

    /** {@code openssl req -new -key RSA_2048_PKCS1 -subj "/CN=nosan.example"}. */
    static final String CSR_WITHOUT_SANS = """
            -----BEGIN CERTIFICATE REQUEST-----
            MIICXTCCAUUCAQAwGDEWMBQGA1UEAwwNbm9zYW4uZXhhbXBsZTCCASIwDQYJKoZI
            hvcNAQEBBQADggEPADCCAQoCggEBANptsm4FQw+2mOMo0irgQ3LGpQuEJqwBz6Ym
            NOuzAJG0Gi0qBCd5svv5fiuccqjMr2CgAGdqdZrhVH3SbxUsDgBsHUbDRzpoi7+F
            L8cNksAp5Hj1KHpQ5dMVj9zJvGGmHizdUBpEKuswAL3cb8pZi7Fcq2NuO635sW3M
            ebryeUsvDlDuA2szcxNxAX7QDv/HmbYCsa8MqPPB6+Uh/TALfN+E1KRNKOSGwohy
            8sAmlIJpRPqs8Y89IvuUKxCqkP4XbMeuj241nma/xzsrfOtBeJW/wzDO4cLhMLOs
            LQhnvILNE5xW0BgkHgPNScyTP9OkCXCRe+ffMsZajCDS8OT4EgsCAwEAAaAAMA0G
            CSqGSIb3DQEBCwUAA4IBAQBj6886S23FB+0HEb+hU7wD0Aj5cuiQVIESr/lCtmRy
            k8AzIK+dRRKx85Xf36+OHenTUaR0jK3o1Y0Q/BO24ClzNEdNBETxYitZ+5yIQmPw
            v8XLQJupKFswLFUw4CsVL1+uFi9tIEVbC2P50B2zjMEzn/I6GJ3j9mqrbUv+FAUP
            xMLfvGUhDT2RZNOWypXToxQgyvAEPp3wvRUDrwOW+UqICGws389nWu1tdz5x/nDo
            yjEKQO7ZZE5EHTAsDMsobEoQfswuRlWfV5jGOUo0cqpLyeVM3G+M0W/OzkkrYg2/
            lSTkVT/a6LyLAcIlbmChSEUyCArsafesR02EQbB8FRAn
            -----END CERTIFICATE REQUEST-----
            """;
}

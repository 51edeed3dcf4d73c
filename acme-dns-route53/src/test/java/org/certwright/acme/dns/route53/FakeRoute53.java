package org.certwright.acme.dns.route53;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Route 53 REST API (2013-04-01) as the API reference documents it, for the calls a dns-01
 * provider makes:
 * <ul>
 * <li>ListHostedZones, https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZones.html
 *     ({@code marker}/{@code maxitems}, {@code IsTruncated}/{@code NextMarker});</li>
 * <li>ListResourceRecordSets, https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html
 *     (starts at {@code name}/{@code type} and returns the sets from there on, which need not be that name);</li>
 * <li>ChangeResourceRecordSets, https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html
 *     (an atomic batch; a DELETE must name the current values exactly and a CREATE a set that does not exist,
 *     else 400 InvalidChangeBatch; answers {@code ChangeInfo} with status PENDING);</li>
 * <li>GetChange, https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html (PENDING, then INSYNC);</li>
 * <li>errors as {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}:
 *     403 InvalidClientTokenId for unknown credentials, 400 Throttling "Rate exceeded" (Common Errors,
 *     https://docs.aws.amazon.com/Route53/latest/APIReference/CommonErrors.html).</li>
 * </ul>
 */
final class FakeRoute53 extends Dispatcher {

    static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String ZONE = "example.test";
    static final String NESTED = "sub.example.test";
    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

    private final Map<String, String> zones = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> txt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();
    private final AtomicInteger throttled = new AtomicInteger();
    final AtomicInteger getChangeCalls = new AtomicInteger();

    FakeRoute53() {
        for (int i = 0; i < 3; i++) {
            zones.put("ZFILLER" + i, "filler" + i + ".test");
        }
        zones.put("Z1D633PJN98FT9", ZONE);
        zones.put("Z2NESTED000001", NESTED);
        zones.keySet().forEach(id -> txt.put(id, new ConcurrentHashMap<>()));
    }

    void throttleNext(int count) {
        throttled.set(count);
    }

    Set<String> txt(String zone, String name) {
        String id = zones.entrySet().stream().filter(e -> e.getValue().equals(zone)).findFirst().orElseThrow().getKey();
        synchronized (txt) {
            return txt.get(id).getOrDefault(name + ".", List.of()).stream()
                    .map(v -> v.substring(1, v.length() - 1)).collect(Collectors.toSet());
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (throttled.getAndUpdate(n -> n == Integer.MAX_VALUE || n <= 0 ? n : n - 1) > 0) {
            return error(400, "Throttling", "Rate exceeded");
        }
        String auth = String.valueOf(request.getHeaders().get("Authorization"));
        if (!auth.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/")) {
            return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        HttpUrl url = request.getUrl();
        List<String> path = url.pathSegments().stream().filter(s -> !s.isEmpty()).toList();
        if (path.size() == 2 && path.get(1).equals("hostedzone")) {
            return listHostedZones(url);
        }
        if (path.size() == 3 && path.get(1).equals("change")) {
            getChangeCalls.incrementAndGet();
            AtomicInteger polls = changes.get(path.get(2));
            if (polls == null) {
                return error(404, "NoSuchChange", "A change with the specified change ID does not exist.");
            }
            String status = polls.incrementAndGet() >= 2 ? "INSYNC" : "PENDING";
            return xml(200, "<GetChangeResponse xmlns=\"" + NS + "\">" + changeInfo(path.get(2), status)
                    + "</GetChangeResponse>");
        }
        if (path.size() == 4 && path.get(1).equals("hostedzone") && path.get(3).equals("rrset")) {
            Map<String, List<String>> zone = txt.get(path.get(2));
            if (zone == null) {
                return error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + path.get(2));
            }
            return request.getMethod().equals("POST") ? change(zone, request) : listRecordSets(zone, url);
        }
        return error(404, "UnknownOperation", "no such operation: " + request.getMethod() + " " + url.encodedPath());
    }

    private MockResponse listHostedZones(HttpUrl url) {
        int max = Integer.parseInt(url.queryParameter("maxitems") == null ? "2" : url.queryParameter("maxitems"));
        max = Math.min(max, 2); // small pages, so that a client must follow NextMarker
        List<String> ids = new ArrayList<>(zones.keySet());
        int from = url.queryParameter("marker") == null ? 0 : ids.indexOf(url.queryParameter("marker"));
        List<String> page = ids.subList(from, Math.min(ids.size(), from + max));
        StringBuilder body = new StringBuilder("<ListHostedZonesResponse xmlns=\"" + NS + "\"><HostedZones>");
        for (String id : page) {
            body.append("<HostedZone><Id>/hostedzone/").append(id).append("</Id><Name>").append(zones.get(id))
                    .append(".</Name><CallerReference>ref-").append(id).append("</CallerReference>")
                    .append("<Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>2")
                    .append("</ResourceRecordSetCount></HostedZone>");
        }
        boolean truncated = from + max < ids.size();
        body.append("</HostedZones><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (truncated) {
            body.append("<NextMarker>").append(ids.get(from + max)).append("</NextMarker>");
        }
        body.append("<MaxItems>").append(max).append("</MaxItems></ListHostedZonesResponse>");
        return xml(200, body.toString());
    }

    private MockResponse listRecordSets(Map<String, List<String>> zone, HttpUrl url) {
        String name = url.queryParameter("name");
        StringBuilder body = new StringBuilder("<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>");
        List<String> values;
        synchronized (txt) {
            values = zone.get(name);
        }
        if (values != null && "TXT".equals(url.queryParameter("type"))) {
            body.append(recordSet(name, values));
        } else {
            // What follows the asked-for name in Route 53's order: another name, which a client must not take for it.
            body.append("<ResourceRecordSet><Name>zzz.").append(name).append("</Name><Type>A</Type><TTL>60</TTL>")
                    .append("<ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord>")
                    .append("</ResourceRecords></ResourceRecordSet>");
        }
        body.append("</ResourceRecordSets><IsTruncated>true</IsTruncated><NextRecordName>zzzz.").append(name)
                .append("</NextRecordName><NextRecordType>A</NextRecordType><MaxItems>1</MaxItems>")
                .append("</ListResourceRecordSetsResponse>");
        return xml(200, body.toString());
    }

    private MockResponse change(Map<String, List<String>> zone, RecordedRequest request) {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(request.getBody().utf8()
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return error(400, "InvalidInput", "malformed XML: " + e.getMessage());
        }
        synchronized (txt) {
            Map<String, List<String>> after = new LinkedHashMap<>(zone);
            NodeList list = doc.getElementsByTagNameNS(NS, "Change");
            for (int i = 0; i < list.getLength(); i++) {
                Element change = (Element) list.item(i);
                String action = text(change, "Action");
                Element set = (Element) change.getElementsByTagNameNS(NS, "ResourceRecordSet").item(0);
                String name = text(set, "Name");
                List<String> values = new ArrayList<>();
                NodeList rrs = set.getElementsByTagNameNS(NS, "Value");
                for (int j = 0; j < rrs.getLength(); j++) {
                    values.add(rrs.item(j).getTextContent());
                }
                if (!"TXT".equals(text(set, "Type"))) {
                    return error(400, "InvalidInput", "only TXT here");
                }
                if (action.equals("DELETE")) {
                    if (!values.equals(after.get(name))) {
                        return error(400, "InvalidChangeBatch", "[Tried to delete resource record set [name='" + name
                                + "', type='TXT'] but the values provided do not match the current values]");
                    }
                    after.remove(name);
                } else if (action.equals("CREATE")) {
                    if (after.containsKey(name)) {
                        return error(400, "InvalidChangeBatch", "[Tried to create resource record set [name='" + name
                                + "', type='TXT'] but it already exists]");
                    }
                    after.put(name, values);
                } else {
                    after.put(name, values);
                }
            }
            zone.clear();
            zone.putAll(after);
        }
        String id = "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        changes.put(id, new AtomicInteger());
        return xml(200, "<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\">" + changeInfo(id, "PENDING")
                + "</ChangeResourceRecordSetsResponse>");
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagNameNS(NS, tag).item(0).getTextContent();
    }

    private static String recordSet(String name, List<String> values) {
        StringBuilder set = new StringBuilder("<ResourceRecordSet><Name>").append(name)
                .append("</Name><Type>TXT</Type><TTL>60</TTL><ResourceRecords>");
        values.forEach(v -> set.append("<ResourceRecord><Value>").append(v.replace("&", "&amp;").replace("<", "&lt;"))
                .append("</Value></ResourceRecord>"));
        return set.append("</ResourceRecords></ResourceRecordSet>").toString();
    }

    private static String changeInfo(String id, String status) {
        return "<ChangeInfo><Id>/change/" + id + "</Id><Status>" + status
                + "</Status><SubmittedAt>2026-12-01T06:00:00.000Z</SubmittedAt></ChangeInfo>";
    }

    private static MockResponse error(int status, String code, String message) {
        return xml(status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static MockResponse xml(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "text/xml")
                .addHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .body("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).build();
    }
}

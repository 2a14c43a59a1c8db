#include <gtest/gtest.h>

#include "mail/mail.h"
#include "mail/message.h"

namespace weft::mail {
namespace {

TEST(MailMessage, AddressesArePlainAddrSpecs) {
  EXPECT_TRUE(valid_address("ana@acme.test"));
  EXPECT_TRUE(valid_address("reply+1-2-3-abc@acme.test"));
  for (const char* bad : {"", "ana", "@acme.test", "ana@", "ana@acme", "a b@acme.test", "ana@acme.test\r\nBcc: x@y.z",
                          "<ana@acme.test>", "ana@@acme.test", "ana@acme..test", "\"ana\"@acme.test", "ana,bo@acme.test"}) {
    EXPECT_FALSE(valid_address(bad)) << bad;
  }
  EXPECT_EQ(address_in("Ana <ana@acme.test>"), "ana@acme.test");
  EXPECT_EQ(address_in(" ana@acme.test "), "ana@acme.test");
  EXPECT_EQ(address_in("Ana <ana@acme.test"), std::nullopt);
}

TEST(MailMessage, HeaderValuesCannotStartAnotherHeader) {
  EXPECT_EQ(header_text("Hello\r\nBcc: victim@evil.test"), "Hello Bcc: victim@evil.test");
  EXPECT_EQ(header_text("  two   spaces\tand\ttabs "), "two spaces and tabs");
  EXPECT_EQ(header_text("Kiln déjà vu"), "=?UTF-8?B?S2lsbiBkw6lqw6AgdnU=?=");
  EXPECT_EQ(mailbox("Ana \"the\" Potter\r\n", "ana@acme.test"), "\"Ana \\\"the\\\" Potter\" <ana@acme.test>");
  Message m;
  m.from = mailbox("Weft", "weft@acme.test");
  m.to = "ana@acme.test";
  m.subject = "Re: plan\nBcc: x@evil.test";
  m.body = "Hi\n.\nbye";
  m.message_id = "1@acme.test";
  m.headers = {{"X-Weft-Kind", "reply\r\nBcc: y@evil.test"}};
  const std::string text = render(m);
  EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos);
  EXPECT_NE(text.find("Subject: Re: plan Bcc: x@evil.test\r\n"), std::string::npos);
  // A line of one dot would end the SMTP data: it is encoded.
  EXPECT_NE(text.find("\r\n=2E\r\n"), std::string::npos);
}

TEST(MailMessage, QuotedPrintableKeepsLinesShortAndBytesSafe) {
  const std::string long_line(200, 'a');
  const std::string encoded = quoted_printable(long_line);
  std::size_t start = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n", start);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
  EXPECT_EQ(quoted_printable("é = x "), "=C3=A9 =3D x ");
  EXPECT_EQ(quoted_printable("trailing \nnext"), "trailing=20\r\nnext");
}

TEST(MailMessage, ARepliesOwnWordsWithoutTheQuote) {
  EXPECT_EQ(reply_text("Green, please.\r\n\r\nOn Mon, 30 Nov 2026, Weft wrote:\r\n> Blue?\r\n"), "Green, please.");
  EXPECT_EQ(reply_text("Yes\n> quoted\nmore"), "Yes");
  EXPECT_EQ(reply_text("\n\nFine\n-- \nAna\nPotter"), "Fine");
  EXPECT_EQ(reply_text("Sure\n-----Original Message-----\nFrom: Weft"), "Sure");
  EXPECT_EQ(reply_text("> only quoted"), "");
}

}  // namespace
}  // namespace weft::mail

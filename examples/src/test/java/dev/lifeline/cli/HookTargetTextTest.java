package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.JobEvent;
import dev.lifeline.JobHook;
import dev.lifeline.JobState;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class HookTargetTextTest {

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:9000/lifeline", "https://hooks.example/a?b=c", " http://h/x "})
  void aUrlIsAWebhook(String text) {
    HookTarget t = HookTargetText.parse(text);

    assertThat(t).isEqualTo(new HookTarget.Webhook(URI.create(text.strip())));
  }

  @Test
  void aJsonArrayIsAnArgvTakenExactly() {
    HookTarget t = HookTargetText.parse("[\"notify-send\", \"build done; rm -rf /\", \"$HOME\", \"\\u00e9\"]");

    assertThat(t).isEqualTo(new HookTarget.Command(List.of("notify-send", "build done; rm -rf /", "$HOME", "é")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"./page-me.sh", "/opt/my tools/notify", "notify-send done", "http-notify"})
  void anythingElseIsOneProgramWithNoArguments(String text) {
    assertThat(HookTargetText.parse(text)).isEqualTo(new HookTarget.Command(List.of(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"a\"", "[notify-send]", "[\"a\", {\"b\": 1}]", "[\"a\", null]", "[]", "[\"\"]"})
  void aBrokenArrayIsRefusedWithOneSentence(String text) {
    assertThatThrownBy(() -> HookTargetText.parse(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageNotContaining("\n").hasMessageNotContaining("Exception");
  }

  @Test
  void aSchemeOtherThanHttpIsAProgramName() {
    assertThat(HookTargetText.parse("ftp://h/x")).isEqualTo(new HookTarget.Command(List.of("ftp://h/x")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://", "http:// spaces/x", "https://h/%zz", "http:///no-host"})
  void aUrlThatCannotBePostedToIsRefusedWithOneSentence(String text) {
    assertThatThrownBy(() -> HookTargetText.parse(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("webhook").hasMessageNotContaining("\n");
  }

  @Test
  void onStateSplitsAtTheFirstColonSoAUrlKeepsItsOwn() {
    JobHook h = HookTargetText.parseOnState("FAILED:http://127.0.0.1:9000/x");

    assertThat(h.on()).isEqualTo(HookTrigger.entering(JobState.FAILED));
    assertThat(h.target()).isEqualTo(new HookTarget.Webhook(URI.create("http://127.0.0.1:9000/x")));
    assertThat(HookTargetText.parseOnState("CANCEL:./x").on()).isEqualTo(HookTrigger.on(JobEvent.CANCEL));
    assertThat(HookTargetText.parseOnState("FINISH:./x").on()).isEqualTo(HookTrigger.FINISH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"FAILED", ":./x", "SOMETIMES:./x", "FAILED:", "failed:[\"a\""})
  void aBadStateColonCommandIsRefusedWithOneSentence(String text) {
    assertThatThrownBy(() -> HookTargetText.parseOnState(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageNotContaining("\n");
  }

  @Test
  void aCommandIsDescribedAsTheShellWouldNeedIt() {
    assertThat(HookTargetText.describe(HookTarget.command("notify-send", "build done")))
        .isEqualTo("notify-send 'build done'");
    assertThat(HookTargetText.describe(HookTarget.webhook("http://h/x"))).contains("http://h/x");
  }
}

package dev.neuronwatch.server.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.settings.InvalidSettingException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleKeysTest {

  @Test
  void everyKeyIsTheNameOfItsSettingInTheSameOrder() throws IllegalAccessException {
    List<String> keys = new ArrayList<>();
    for (Field field : RuleKeys.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        keys.add((String) field.get(null));
      }
    }

    assertThat(keys)
        .containsExactlyElementsOf(
            Arrays.stream(RuleSettings.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList());
    assertThat(RuleSettings.defaults().asMap().keySet()).containsExactlyElementsOf(keys);
  }

  @Test
  void anErrorNamesTheSettingByItsKey() {
    assertThatThrownBy(() -> RuleSettings.builder().saturationClearRatio(0.9).build())
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> assertThat(e.setting()).isEqualTo(RuleKeys.SATURATION_CLEAR_RATIO));
  }

  @Test
  void toBuilderKeepsEverySetting() {
    RuleSettings settings = RuleSettings.builder().hold(5).includeSoftmax(false).build();

    assertThat(settings.toBuilder().build()).isEqualTo(settings);
  }
}

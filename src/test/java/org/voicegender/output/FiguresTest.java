package org.voicegender.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;

class FiguresTest {
  @Test
  void accuraciesReadAsPercentagesWithOneDecimal() {
    assertThat(Figures.percent(0.8309572301425662)).isEqualTo("83.1 %");
    assertThat(Figures.percent(1)).isEqualTo("100.0 %");
    assertThat(Figures.percent(Double.NaN)).isEqualTo("-");
  }

  @Test
  void errorsReadWithThreeSignificantDigits() {
    assertThat(Figures.significant(0.018942)).isEqualTo("0.0189");
    assertThat(Figures.significant(123.456)).isEqualTo("123");
    assertThat(Figures.significant(2.0)).isEqualTo("2");
    assertThat(Figures.significant(4.5678e-7)).isEqualTo("4.57e-07");
    assertThat(Figures.significant(0)).isEqualTo("0");
  }

  @Test
  void aFormattedColumnKeepsItsNumbers() {
    DoubleColumn c = Figures.asPercent(DoubleColumn.create("accuracy", 0.8309572301425662));
    assertThat(c.getString(0)).isEqualTo("83.1 %");
    assertThat(c.get(0)).isEqualTo(0.8309572301425662);
  }
}

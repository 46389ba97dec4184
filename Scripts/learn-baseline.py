#!/usr/bin/env python3
"""The analyst's obvious alternative to `icp learn`: a one-hot logistic
regression in scikit-learn on the same lead-time fields, with a seeded 30%
holdout and 5-fold cross-validation, timed. Evaluation only (needs pandas and
scikit-learn from PyPI; not a dependency of the package).

    Scripts/learn-baseline.py ../shared/data/x-education-leads.csv [--shuffle]
"""
import sys, time
import numpy as np, pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.impute import SimpleImputer

leaking = ["Prospect ID", "Lead Number", "Tags", "Lead Quality", "Lead Profile", "Last Notable Activity",
           "Asymmetrique Activity Index", "Asymmetrique Profile Index", "Asymmetrique Activity Score",
           "Asymmetrique Profile Score"]
start = time.perf_counter()
data = pd.read_csv(sys.argv[1]).replace("Select", np.nan)
y = data.pop("Converted")
if "--shuffle" in sys.argv:
    y = pd.Series(np.random.default_rng(1).permutation(y.values))
X = data.drop(columns=leaking)
numeric = X.select_dtypes("number").columns.tolist()
categorical = [c for c in X.columns if c not in numeric]
prep = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="(missing)"),
                          OneHotEncoder(handle_unknown="ignore", min_frequency=0.01)), categorical),
])
model = make_pipeline(prep, LogisticRegression(max_iter=2000))
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=1, stratify=y)
model.fit(Xtr, ytr)
holdout = roc_auc_score(yte, model.predict_proba(Xte)[:, 1])
cv = cross_val_score(model, X, y, cv=5, scoring="roc_auc")
print(f"one-hot logistic regression: holdout AUC {holdout:.3f}, 5-fold AUC {cv.mean():.3f} "
      f"({cv.min():.3f}–{cv.max():.3f}), {time.perf_counter() - start:.2f} s")

print("icp")
